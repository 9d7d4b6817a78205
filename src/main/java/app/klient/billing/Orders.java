package app.klient.billing;

import app.klient.identity.RecordKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.internal.CouponLines;
import app.klient.billing.internal.Drafts;
import app.klient.billing.internal.LineStore;
import app.klient.billing.internal.Numbering;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.platform.Phrase;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Orders: entered by hand, made from an accepted quote, or sent by a shop (idempotent by its external id). A
 * company's orders are its purchase history.
 */
@Service
public class Orders {

    private final JdbcClient jdbc;
    private final Drafts drafts;
    private final Seller seller;
    private final Numbering numbering;
    private final LineStore lines;
    private final Timeline timeline;
    private final Versions versions;
    private final AuditLog audit;
    private final DocumentOwners owners;
    private final CouponLines coupons;

    Orders(JdbcClient jdbc, Drafts drafts, Seller seller, Numbering numbering, LineStore lines, Timeline timeline,
            Versions versions, AuditLog audit, DocumentOwners owners, CouponLines coupons) {
        this.coupons = coupons;
        this.audit = audit;
        this.owners = owners;
        this.jdbc = jdbc;
        this.versions = versions;
        this.drafts = drafts;
        this.seller = seller;
        this.numbering = numbering;
        this.lines = lines;
        this.timeline = timeline;
    }

    /** The order, and whether this call made it (false: the shop sent an order it had sent before). */
    public record Placed(OrderView order, boolean created) {
    }

    @Transactional
    public Placed place(OrderForm form) {
        Invoices.checkIssuer();
        String source = blankToNull(form.externalSource());
        String external = blankToNull(form.externalId());
        if ((source == null) != (external == null)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(source == null ? "externalSource"
                    : "externalId", "order.externalPair")));
        }
        if (external != null) {
            Optional<OrderView> known = byExternalId(source, external);
            if (known.isPresent()) {
                return new Placed(known.get(), false);
            }
        }
        Long owner = owners.owner(form.ownerId(), null);
        SellerProfile profile = seller.get();
        String code = CouponLines.normalize(form.couponCode());
        Locale language = Locale.forLanguageTag(Invoices.defaultLanguage(profile));
        Drafts.Draft draft = drafts.draft(form.companyId(), form.contactId(), form.currency(), form.reverseCharge(),
                CouponLines.withoutDiscount(form.lines(), code), profile, language, false);
        if (code != null) {
            draft = coupons.apply(draft, coupons.discount(code, false, draft.contactId(), draft.companyId()),
                    language);
        }
        try {
            long id = insert(draft, form.dealId(), null, source, external, owner, code);
            if (code != null) {
                coupons.redeem(code, "ORDER", id, draft.contactId(), draft.companyId());
            }
            return new Placed(get(id), true);
        }
        catch (DuplicateKeyException sentTwiceAtOnce) {
            // the same shop order arrived twice at the same moment: the other call stored it
            throw KlientException.conflict("order.sentTwice");
        }
    }

    /** An order from an accepted quote, with its buyer, currency and lines; a quote makes one order at most. */
    @Transactional
    public OrderView fromQuote(QuoteView quote) {
        Drafts.Draft draft = new Drafts.Draft(quote.companyId(), quote.contactId(), quote.currency(),
                quote.reverseCharge(), quote.lines(), Totals.of(quote.lines(), quote.reverseCharge()), null);
        try {
            // the quote's coupon (and its discount lines) goes on with it: it was used once, by the quote
            String code = jdbc.sql("select coupon_code from quotes where id = :id").param("id", quote.id())
                    .query(String.class).optional().orElse(null);
            return get(insert(draft, quote.dealId(), quote.id(), null, null, quote.ownerId(), code));
        }
        catch (DuplicateKeyException decidedAtOnce) {
            // the unique index on orders.quote_id: another acceptance of this quote got there first
            throw new RefusedTransition("quote.decided", "quote.status.ACCEPTED");
        }
    }

    @Transactional
    public OrderView changeStatus(long id, OrderStatus status, Integer version) {
        Invoices.checkActOn(RecordKind.ORDER, id, get(id).ownerId());
        Versions.required(version);
        OrderView order = get(id);
        if (status == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("status", "order.statusChange")));
        }
        if (!order.status().canBecome(status)) {
            throw new RefusedTransition("order.statusRefused", "order.status." + order.status().name());
        }
        Versions.check(version, order.version());
        // delivered: when is what a review request counts its days from
        versions.change("orders", id, version).set("status = :status, updated_at = now(), fulfilled_at = case when "
                + ":status = 'FULFILLED' then now() else fulfilled_at end")
                .param("status", status.name()).notFound("order.notFound").apply();
        record(order, "ORDER_" + status.name(), null);
        audit.record(AuditAction.UPDATE, "order", id, order.number(),
                List.of(new FieldChange("status", order.status().name(), status.name())));
        return get(id);
    }

    /**
     * The order, held until the caller's transaction ends, so two invoices issued from it at the same moment see
     * each other (and a cancellation in between).
     */
    @Transactional
    public OrderView forInvoicing(long id) {
        jdbc.sql("select id from orders where id = :id for update").param("id", id).query(Long.class).optional()
                .orElseThrow(() -> KlientException.notFound("order.notFound"));
        return get(id);
    }

    @Transactional(readOnly = true)
    public OrderView get(long id) {
        return jdbc.sql("select o.*, (select coalesce(array_agg(i.id order by i.id), '{}') from invoices i "
                + "where i.order_id = o.id) as invoice_ids from orders o where o.id = :id").param("id", id)
                .query(this::view).optional().orElseThrow(() -> KlientException.notFound("order.notFound"));
    }

    public record Query(Long companyId, OrderStatus status, LocalDate from, LocalDate to) {
    }

    /** The list's filters as SQL over orders {@code o}, starting with " where", their values put in {@code params}. */
    static String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        if (query.companyId() != null) {
            where.append(" and o.company_id = :company");
            params.put("company", query.companyId());
        }
        if (query.status() != null) {
            where.append(" and o.status = :status");
            params.put("status", query.status().name());
        }
        if (query.from() != null) {
            where.append(" and o.ordered_at >= :from");
            params.put("from", query.from().atStartOfDay());
        }
        if (query.to() != null) {
            where.append(" and o.ordered_at < :to");
            params.put("to", query.to().plusDays(1).atStartOfDay());
        }
        return where.toString();
    }

    /** Orders newest first: with a company, its purchase history. */
    @Transactional(readOnly = true)
    public CountedPage<OrderView> list(Query query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<OrderView> rows = jdbc.sql("select o.*, (select coalesce(array_agg(i.id order by i.id), '{}') from "
                + "invoices i where i.order_id = o.id) as invoice_ids from orders o" + where
                + " order by o.ordered_at desc, o.id desc limit :limit offset :offset").params(paged)
                .query(this::view).list();
        return CountedPage.of(rows, page, jdbc, "from orders o" + where, params);
    }

    private Optional<OrderView> byExternalId(String source, String external) {
        return jdbc.sql("select id from orders where external_source = :source and external_id = :id")
                .param("source", source).param("id", external).query(Long.class).optional().map(this::get);
    }

    private long insert(Drafts.Draft draft, Long dealId, Long quoteId, String source, String external, Long owner,
            String couponCode) {
        String number = numbering.next("ORDER", "ZAM/{yyyy}/{nnnnn}", LocalDate.now());
        long id = jdbc.sql("""
                insert into orders (number, company_id, contact_id, deal_id, quote_id, owner_id, currency,
                    external_source, external_id, reverse_charge, net_total, tax_total, gross_total, coupon_code)
                values (:number, :company, :contact, :deal, :quote, :owner, :currency, :source, :external, :rc,
                    :net, :tax, :gross, :coupon) returning id""").param("coupon", couponCode)
                .param("number", number).param("company", draft.companyId()).param("contact", draft.contactId())
                .param("deal", dealId).param("quote", quoteId).param("owner", owner)
                .param("currency", draft.currency()).param("source", source).param("external", external)
                .param("rc", draft.reverseCharge()).param("net", draft.totals().netTotal())
                .param("tax", draft.totals().taxTotal()).param("gross", draft.totals().grossTotal())
                .query(Long.class).single();
        lines.write(LineStore.Of.ORDER, id, draft.lines());
        OrderView order = get(id);
        record(order, "ORDER_PLACED", Phrase.of("timeline.order.total", Phrase.money(order.grossTotal(), order.currency())));
        audit.record(AuditAction.CREATE, "order", id, order.number(), FieldChange.of(FieldChange.fields(order, "number",
                "companyId", "contactId", "dealId", "quoteId", "ownerId", "externalSource", "externalId", "currency",
                "grossTotal")));
        return id;
    }

    private void record(OrderView order, String kind, Phrase body) {
        if (order.companyId() == null && order.contactId() == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(order.companyId(), order.companyId() == null ? order.contactId() : null,
                kind, order.number(), body, "billing", order.id(), CurrentUser.id()));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private OrderView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        List<Line> content = lines.read(LineStore.Of.ORDER, id);
        boolean rc = rs.getBoolean("reverse_charge");
        return new OrderView(id, rs.getString("number"), (Long) rs.getObject("company_id"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("deal_id"), (Long) rs.getObject("quote_id"),
                (Long) rs.getObject("owner_id"), rs.getString("currency"), OrderStatus.valueOf(rs.getString("status")),
                rs.getString("external_source"), rs.getString("external_id"), rc, content,
                rs.getBigDecimal("net_total"), rs.getBigDecimal("tax_total"), rs.getBigDecimal("gross_total"),
                Totals.of(content, rc).byRate(), List.of((Long[]) rs.getArray("invoice_ids").getArray()),
                rs.getTimestamp("ordered_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"), rs.getString("coupon_code"));
    }
}
