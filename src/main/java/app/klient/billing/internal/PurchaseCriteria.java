package app.klient.billing.internal;

import java.math.BigDecimal;
import java.util.List;

import app.klient.billing.Invoices;
import app.klient.catalog.ProductQuery;
import app.klient.catalog.ProductView;
import app.klient.catalog.Products;
import app.klient.customers.ContactCondition;
import app.klient.customers.ContactCriteria;
import app.klient.customers.ContactCriterion;
import app.klient.customers.ContactCriterion.Choice;
import app.klient.customers.ContactCriterion.Operator;
import app.klient.customers.ContactCriterion.ValueType;
import org.springframework.core.annotation.Order;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * What billing knows about a contact, for segment filters: what it bought. A purchase is a paid invoice (paid as
 * its status says: settled, corrections counted) or an order not cancelled; totals are gross amounts as stored, in
 * the currency each was issued in. Each criterion may be limited to the last N days.
 */
@Component
@Order(30)
class PurchaseCriteria implements ContactCriteria {

    private static final String GROUP = "segment.group.billing";
    /** Paid as billing says it ({@link Invoices#PAID}: settled, corrections included). */
    private static final String PAID = Invoices.PAID;
    private static final List<Operator> NUMBER = ContactCriterion.operatorsFor(ValueType.NUMBER);

    private final Products products;

    PurchaseCriteria(Products products) {
        this.products = products;
    }

    @Override
    public List<ContactCriterion> criteria() {
        return List.of(
                new ContactCriterion("billing.paidTotal", GROUP, "segment.criterion.billing.paidTotal",
                        ValueType.NUMBER, NUMBER, true, null,
                        (op, v, p) -> ContactCriterion.aggregate(invoices(v, p), "sum(i.gross_total)",
                                BigDecimal.ZERO, op, v, p)),
                new ContactCriterion("billing.paidCount", GROUP, "segment.criterion.billing.paidCount",
                        ValueType.NUMBER, NUMBER, true, null,
                        (op, v, p) -> ContactCriterion.aggregate(invoices(v, p), "count(*)", BigDecimal.ZERO, op, v,
                                p)),
                new ContactCriterion("billing.orderTotal", GROUP, "segment.criterion.billing.orderTotal",
                        ValueType.NUMBER, NUMBER, true, null,
                        (op, v, p) -> ContactCriterion.aggregate(orders(v, p), "sum(o.gross_total)", BigDecimal.ZERO,
                                op, v, p)),
                new ContactCriterion("billing.orderCount", GROUP, "segment.criterion.billing.orderCount",
                        ValueType.NUMBER, NUMBER, true, null,
                        (op, v, p) -> ContactCriterion.aggregate(orders(v, p), "count(*)", BigDecimal.ZERO, op, v,
                                p)),
                new ContactCriterion("billing.lastPurchase", GROUP, "segment.criterion.billing.lastPurchase",
                        ValueType.DATE, ContactCriterion.operatorsFor(ValueType.DATE), false, null,
                        (op, v, p) -> switch (op) {
                            case EMPTY -> "not exists (select 1 from invoices i where i.contact_id = c.id and " + PAID
                                    + ")";
                            case NOT_EMPTY -> "exists (select 1 from invoices i where i.contact_id = c.id and " + PAID
                                    + ")";
                            default -> ContactCriterion.aggregate("select i.contact_id from invoices i where"
                                    + " i.contact_id is not null and " + PAID + " group by i.contact_id",
                                    "max(i.issue_date) - date '2000-01-01'", null, op,
                                    new ContactCriterion.Value(null, BigDecimal.valueOf(v.date().toEpochDay()
                                            - java.time.LocalDate.of(2000, 1, 1).toEpochDay()), null, null), p);
                        }),
                new ContactCriterion("billing.boughtProduct", GROUP, "segment.criterion.billing.boughtProduct",
                        ValueType.CHOICE, List.of(Operator.IS, Operator.IS_NOT), true,
                        locale -> products.options(null, 500).stream()
                                .map(pr -> new Choice(String.valueOf(pr.id()), pr.nameIn(locale))).toList(),
                        (op, v, p) -> bought(op, "= cast(" + p.add(Long.parseLong(v.text())) + " as bigint)", v, p)),
                new ContactCriterion("billing.boughtCategory", GROUP, "segment.criterion.billing.boughtCategory",
                        ValueType.CHOICE, List.of(Operator.IS, Operator.IS_NOT), true,
                        locale -> products.categories().stream().map(cat -> new Choice(cat, cat)).toList(),
                        (op, v, p) -> {
                            Long[] ids = products.list(new ProductQuery(null, v.text(), true), PageRequest.of(0, 5000))
                                    .items().stream().map(ProductView::id).toArray(Long[]::new);
                            return bought(op, "= any(cast(" + p.add(ids) + " as bigint[]))", v, p);
                        }));
    }

    private static String invoices(ContactCriterion.Value v, ContactCondition.Params p) {
        return "select i.contact_id from invoices i where i.contact_id is not null and " + PAID
                + ContactCriterion.within("i.issue_date", v, p) + " group by i.contact_id";
    }

    private static String orders(ContactCriterion.Value v, ContactCondition.Params p) {
        return "select o.contact_id from orders o where o.contact_id is not null and o.status <> 'CANCELLED'"
                + ContactCriterion.within("o.ordered_at", v, p) + " group by o.contact_id";
    }

    /** Bought the product(s) on a paid invoice or an order not cancelled. */
    private static String bought(Operator op, String product, ContactCriterion.Value v, ContactCondition.Params p) {
        String sql = "(c.id in (select i.contact_id from invoice_lines l join invoices i on i.id = l.invoice_id"
                + " where l.product_id " + product + " and " + PAID + ContactCriterion.within("i.issue_date", v, p)
                + ") or c.id in (select o.contact_id from order_lines l join orders o on o.id = l.order_id"
                + " where l.product_id " + product + " and o.status <> 'CANCELLED'"
                + ContactCriterion.within("o.ordered_at", v, p) + "))";
        return op == Operator.IS ? sql : "not coalesce(" + sql + ", false)";
    }
}
