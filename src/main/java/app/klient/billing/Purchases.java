package app.klient.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What contacts bought, for the modules that write to buyers (marketing journeys): first purchases, delivered
 * orders, buyers of a product. A purchase is an order that was not cancelled, or an invoice issued without an order
 * (an invoice of an order is the same purchase). Each method walks contacts in id order, a page at a time.
 */
@Service
public class Purchases {

    /** A contact's first purchase, on {@code day}. */
    public record FirstPurchase(long contactId, LocalDate day) {
    }

    /** An order delivered to a contact. */
    public record Delivered(long orderId, String number, long contactId, Instant deliveredAt) {
    }

    /** One purchase of a product: the document (ORDER or INVOICE), its number, day and quantity. */
    public record Bought(String kind, long documentId, String number, LocalDate day, BigDecimal quantity) {
    }

    /** A buyer of a product, with every purchase of it. */
    public record Buyer(long contactId, List<Bought> purchases) {
    }

    private final JdbcClient jdbc;

    Purchases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Contacts whose first purchase was on a day from {@code from} to {@code to}, both included. */
    @Transactional(readOnly = true)
    public List<FirstPurchase> firstPurchasesBetween(LocalDate from, LocalDate to, long afterContactId, int limit) {
        List<LocalDate> days = new java.util.ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to) && days.size() < 400; d = d.plusDays(1)) {
            days.add(d);
        }
        return firstOn(days, afterContactId, limit);
    }

    /**
     * Contacts whose first purchase was on this day of the year in an earlier year (a first purchase on 29 February
     * has its anniversary on 28 February in other years).
     */
    @Transactional(readOnly = true)
    public List<FirstPurchase> firstPurchaseAnniversaries(LocalDate day, long afterContactId, int limit) {
        boolean lastOfFebruary = day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear();
        List<LocalDate> days = new java.util.ArrayList<>();
        for (int year = day.getYear() - 1; year >= day.getYear() - YEARS_BACK; year--) {
            java.time.YearMonth month = java.time.YearMonth.of(year, day.getMonthValue());
            if (month.isValidDay(day.getDayOfMonth())) {
                days.add(month.atDay(day.getDayOfMonth()));
            }
            if (lastOfFebruary && month.isValidDay(29)) {
                days.add(month.atDay(29));
            }
        }
        return firstOn(days, afterContactId, limit);
    }

    /** How many years back an anniversary is looked for. */
    private static final int YEARS_BACK = 60;

    /**
     * Contacts whose first purchase was on one of the days: the purchases of those days (by index, not a scan of
     * everybody's history), kept when the contact bought nothing earlier.
     */
    private List<FirstPurchase> firstOn(List<LocalDate> days, long afterContactId, int limit) {
        if (days.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                with d as (select cast(x as date) as day from unnest(cast(:days as text[])) x),
                bought as (
                    select o.contact_id, d.day from orders o join d
                      on o.ordered_at >= (d.day::timestamp at time zone 'UTC')
                     and o.ordered_at < ((d.day + 1)::timestamp at time zone 'UTC')
                    where o.contact_id > :after and o.status <> 'CANCELLED'
                    union all
                    select i.contact_id, d.day from invoices i join d on i.issue_date = d.day
                    where i.contact_id > :after and i.order_id is null and i.kind = 'INVOICE'),
                firsts as (select contact_id, min(day) as first from bought group by contact_id)
                select f.contact_id, f.first from firsts f
                where not exists (select 1 from orders o where o.contact_id = f.contact_id and o.status <> 'CANCELLED'
                                  and o.ordered_at < (f.first::timestamp at time zone 'UTC'))
                  and not exists (select 1 from invoices i where i.contact_id = f.contact_id and i.order_id is null
                                  and i.kind = 'INVOICE' and i.issue_date < f.first)
                order by f.contact_id limit :limit""")
                .param("days", days.stream().map(LocalDate::toString).toArray(String[]::new))
                .param("after", afterContactId).param("limit", limit)
                .query((rs, n) -> new FirstPurchase(rs.getLong(1), rs.getObject(2, LocalDate.class))).list();
    }

    /** Orders of contacts delivered between the two moments, in order id order. */
    @Transactional(readOnly = true)
    public List<Delivered> deliveredBetween(Instant from, Instant to, long afterOrderId, int limit) {
        return jdbc.sql("""
                select id, number, contact_id, fulfilled_at from orders
                where fulfilled_at >= :from and fulfilled_at < :to and status = 'FULFILLED'
                  and contact_id is not null and id > :after
                order by id limit :limit""")
                .param("from", java.sql.Timestamp.from(from)).param("to", java.sql.Timestamp.from(to))
                .param("after", afterOrderId).param("limit", limit)
                .query((rs, n) -> new Delivered(rs.getLong(1), rs.getString(2), rs.getLong(3),
                        rs.getTimestamp(4).toInstant())).list();
    }

    /** Contacts who bought the product on or after {@code since} (null: ever), with what they bought. */
    @Transactional(readOnly = true)
    public List<Buyer> buyersOf(long productId, LocalDate since, long afterContactId, int limit) {
        record Row(long contactId, Bought bought) {
        }
        List<Row> rows = jdbc.sql("""
                with buyers as (
                    select distinct contact_id from (
                        select o.contact_id from orders o join order_lines l on l.order_id = o.id
                        where l.product_id = :product and o.status <> 'CANCELLED' and o.contact_id > :after
                          and (cast(:since as date) is null or o.ordered_at >= cast(:since as date))
                        union
                        select i.contact_id from invoices i join invoice_lines l on l.invoice_id = i.id
                        where l.product_id = :product and i.order_id is null and i.kind = 'INVOICE'
                          and i.contact_id > :after
                          and (cast(:since as date) is null or i.issue_date >= cast(:since as date))) b
                    order by contact_id limit :limit)
                select o.contact_id, 'ORDER', o.id, o.number, (o.ordered_at at time zone 'UTC')::date, l.quantity
                from orders o join order_lines l on l.order_id = o.id
                where o.contact_id in (select contact_id from buyers) and l.product_id = :product
                  and o.status <> 'CANCELLED' and (cast(:since as date) is null or o.ordered_at >= cast(:since as date))
                union all
                select i.contact_id, 'INVOICE', i.id, i.number, i.issue_date, l.quantity
                from invoices i join invoice_lines l on l.invoice_id = i.id
                where i.contact_id in (select contact_id from buyers) and l.product_id = :product
                  and i.order_id is null and i.kind = 'INVOICE'
                  and (cast(:since as date) is null or i.issue_date >= cast(:since as date))
                order by 1, 5, 3""")
                .param("product", productId).param("since", since).param("after", afterContactId)
                .param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong(1), new Bought(rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getBigDecimal(6))))
                .list();
        java.util.Map<Long, List<Bought>> by = new java.util.LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(r.contactId(), k -> new java.util.ArrayList<>()).add(r.bought()));
        return by.entrySet().stream().map(e -> new Buyer(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /**
     * The products on each order and invoice given (a free-text line names none): what a survey about the purchase
     * was about. Documents without a product are left out of the answer.
     */
    @Transactional(readOnly = true)
    public java.util.Map<Long, List<Long>> productsOf(String kind, java.util.Collection<Long> documentIds) {
        String table = switch (kind) {
            case "ORDER" -> "order_lines where order_id";
            case "INVOICE" -> "invoice_lines where invoice_id";
            default -> throw new IllegalArgumentException(kind);
        };
        java.util.Map<Long, List<Long>> products = new java.util.HashMap<>();
        String document = table.substring(table.lastIndexOf(' ') + 1);
        jdbc.sql("select distinct " + document + ", product_id from " + table + " = any(cast(:ids as bigint[]))"
                + " and product_id is not null").param("ids", documentIds.toArray(Long[]::new))
                .query(rs -> {
                    products.computeIfAbsent(rs.getLong(1), d -> new java.util.ArrayList<>()).add(rs.getLong(2));
                });
        return products;
    }
}
