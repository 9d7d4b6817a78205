package app.klient.billing;

import app.klient.identity.RecordKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.internal.CouponLines;
import app.klient.billing.internal.Drafts;
import app.klient.billing.internal.LineStore;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.platform.Phrase;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import app.klient.sales.DealView;
import app.klient.sales.Deals;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Quotes (offers) with revisions: a change makes a new revision and marks the one before superseded, so what the
 * customer was sent stays as it was. Accepting the latest revision makes it an order.
 */
@Service
public class Quotes {

    private final JdbcClient jdbc;
    private final Drafts drafts;
    private final Seller seller;
    private final LineStore lines;
    private final Deals deals;
    private final Orders orders;
    private final Timeline timeline;
    private final Versions versions;
    private final AuditLog audit;
    private final DocumentOwners owners;
    private final CouponLines coupons;

    Quotes(JdbcClient jdbc, Drafts drafts, Seller seller, LineStore lines, Deals deals, Orders orders,
            Timeline timeline, Versions versions, AuditLog audit, DocumentOwners owners, CouponLines coupons) {
        this.coupons = coupons;
        this.audit = audit;
        this.owners = owners;
        this.jdbc = jdbc;
        this.versions = versions;
        this.drafts = drafts;
        this.seller = seller;
        this.lines = lines;
        this.deals = deals;
        this.orders = orders;
        this.timeline = timeline;
    }

    @Transactional
    public QuoteView create(QuoteForm form) {
        Invoices.checkIssuer();
        long id = insert(form, null, 1, null);
        QuoteView quote = get(id);
        record(quote, "QUOTE_CREATED", Phrase.of("timeline.quote.total", Phrase.money(quote.grossTotal(), quote.currency())));
        audited(quote, null);
        return quote;
    }

    /** A changed quote: a new revision; the revision changed is kept and marked superseded. */
    @Transactional
    public QuoteView revise(long id, QuoteForm form) {
        Invoices.checkActOn(RecordKind.QUOTE, id, get(id).ownerId());
        QuoteView current = editable(id, form.version(), QuoteStatus.SUPERSEDED);
        // superseded first: of two revisions made from one version only one gets past this, so no number twins
        versions.change("quotes", id, current.version()).set("status = 'SUPERSEDED', updated_at = now()")
                .notFound("quote.notFound").apply();
        // a revision stays its owner's (and their commission's) unless another owner is given
        long next = insert(form, current.rootId(), current.revision() + 1, current.ownerId());
        QuoteView quote = get(next);
        record(quote, "QUOTE_REVISED", Phrase.of("timeline.quote.total", Phrase.money(quote.grossTotal(), quote.currency())));
        audited(quote, current);
        return quote;
    }

    @Transactional
    public QuoteView markSent(long id, Integer version) {
        Invoices.checkActOn(RecordKind.QUOTE, id, get(id).ownerId());
        QuoteView quote = editable(id, version, QuoteStatus.SENT);
        setStatus(quote, QuoteStatus.SENT);
        return get(id);
    }

    /** The customer said yes: the quote becomes an order. */
    @Transactional
    public OrderView accept(long id, Integer version) {
        Invoices.checkActOn(RecordKind.QUOTE, id, get(id).ownerId());
        QuoteView quote = editable(id, version, QuoteStatus.ACCEPTED);
        if (quote.expired()) {
            throw KlientException.conflict("quote.expired");
        }
        setStatus(quote, QuoteStatus.ACCEPTED);
        return orders.fromQuote(get(id));
    }

    @Transactional
    public QuoteView reject(long id, Integer version) {
        Invoices.checkActOn(RecordKind.QUOTE, id, get(id).ownerId());
        QuoteView quote = editable(id, version, QuoteStatus.REJECTED);
        setStatus(quote, QuoteStatus.REJECTED);
        return get(id);
    }

    @Transactional(readOnly = true)
    public QuoteView get(long id) {
        return jdbc.sql("select q.*, (select o.id from orders o where o.quote_id = q.id limit 1) as order_id "
                + "from quotes q where q.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("quote.notFound"));
    }

    /** Every revision of a quote, the first first. */
    @Transactional(readOnly = true)
    public List<QuoteView> revisions(long id) {
        long root = get(id).rootId();
        return jdbc.sql("select q.*, (select o.id from orders o where o.quote_id = q.id limit 1) as order_id "
                + "from quotes q where q.root_id = :root order by q.revision").param("root", root)
                .query(this::view).list();
    }

    public record Query(Long companyId, Long dealId, QuoteStatus status) {
    }

    /** The list's filters as SQL over quotes {@code q}, starting with " where", their values put in {@code params}. */
    static String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where q.status <> 'SUPERSEDED'");
        if (query.companyId() != null) {
            where.append(" and q.company_id = :company");
            params.put("company", query.companyId());
        }
        if (query.dealId() != null) {
            where.append(" and q.deal_id = :deal");
            params.put("deal", query.dealId());
        }
        if (query.status() != null) {
            where.append(" and q.status = :status");
            params.put("status", query.status().name());
        }
        return where.toString();
    }

    /** The latest revision of each quote, newest first. */
    @Transactional(readOnly = true)
    public CountedPage<QuoteView> list(Query query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<QuoteView> rows = jdbc.sql("select q.*, (select o.id from orders o where o.quote_id = q.id limit 1) "
                + "as order_id from quotes q" + where + " order by q.updated_at desc, q.id desc limit :limit "
                + "offset :offset").params(paged).query(this::view).list();
        return CountedPage.of(rows, page, jdbc, "from quotes q" + where, params);
    }

    /** The revision as the caller saw it, if it may still move to {@code next}; the decision itself is versioned. */
    private QuoteView editable(long id, Integer version, QuoteStatus next) {
        Versions.required(version);
        QuoteView quote = get(id);
        if (!quote.status().canMoveTo(next)) {
            throw new RefusedTransition("quote.decided", "quote.status." + quote.status().name());
        }
        Versions.check(version, quote.version());
        return quote;
    }

    private void setStatus(QuoteView quote, QuoteStatus status) {
        versions.change("quotes", quote.id(), quote.version()).set("status = :status, updated_at = now()")
                .param("status", status.name()).notFound("quote.notFound").apply();
        record(quote, "QUOTE_" + status.name(), null);
        audit.record(AuditAction.UPDATE, "quote", quote.id(), quote.number(),
                List.of(new FieldChange("status", quote.status().name(), status.name())));
    }

    /** A new quote or revision in the audit log; a revision also marks the one it replaces superseded. */
    private void audited(QuoteView quote, QuoteView revised) {
        audit.record(AuditAction.CREATE, "quote", quote.id(), quote.number(), FieldChange.of(FieldChange.fields(quote,
                "number", "companyId", "contactId", "dealId", "ownerId", "currency", "grossTotal", "validUntil")));
        if (revised != null) {
            audit.record(AuditAction.UPDATE, "quote", revised.id(), revised.number(),
                    List.of(new FieldChange("status", revised.status().name(), QuoteStatus.SUPERSEDED.name())));
        }
    }

    private long insert(QuoteForm form, Long root, int revision, Long owner) {
        Long ownerId = owners.owner(form.ownerId(), owner);
        SellerProfile profile = seller.get();
        Long companyId = form.companyId();
        String currency = form.currency();
        List<LineForm> wanted = form.lines();
        Long contactId = form.contactId();
        if (form.dealId() != null) {
            DealView deal = deals.get(form.dealId());
            companyId = companyId == null ? deal.companyId() : companyId;
            // the person the deal is with is the one the quote is addressed to, unless another is named
            contactId = contactId == null && !deal.contactIds().isEmpty() ? deal.contactIds().get(0) : contactId;
            currency = currency == null || currency.isBlank() ? deal.currency() : currency;
            if (wanted == null || wanted.isEmpty()) {
                wanted = deal.lines().stream().map(l -> new LineForm(l.productId(), l.description(), l.quantity(),
                        l.unitPrice(), l.discountPercent(), l.taxExempt() ? null : l.taxRate(),
                        l.taxExempt())).toList();
            }
        }
        String language = form.language() == null || form.language().isBlank() ? Invoices.defaultLanguage(profile)
                : form.language();
        if (form.validUntil() != null && form.validUntil().isBefore(LocalDate.now(profile.zone()))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("validUntil", "quote.validUntil")));
        }
        String code = CouponLines.normalize(form.couponCode());
        // a revision keeps the coupon its quote was made with: used once, by the quote
        boolean kept = code != null && root != null && jdbc.sql("select exists (select 1 from quotes where root_id = "
                + ":root and coupon_code = :code)").param("root", root).param("code", code).query(Boolean.class).single();
        Drafts.Draft draft = drafts.draft(companyId, contactId, currency, form.reverseCharge(),
                CouponLines.withoutDiscount(wanted, code), profile, Locale.forLanguageTag(language), false);
        if (code != null) {
            draft = coupons.apply(draft, coupons.discount(code, kept, draft.contactId(), draft.companyId()),
                    Locale.forLanguageTag(language));
        }
        long id = jdbc.sql("""
                insert into quotes (root_id, revision, company_id, contact_id, deal_id, owner_id, language, currency,
                    valid_until, terms, reverse_charge, net_total, tax_total, gross_total, coupon_code)
                values (:root, :revision, :company, :contact, :deal, :owner, :language, :currency, :valid, :terms,
                    :rc, :net, :tax, :gross, :coupon) returning id""").param("coupon", code)
                .param("root", root).param("revision", revision).param("company", draft.companyId())
                .param("contact", draft.contactId()).param("deal", form.dealId())
                .param("owner", ownerId)
                .param("language", language).param("currency", draft.currency())
                .param("valid", form.validUntil() == null ? LocalDate.now(profile.zone()).plusDays(30)
                        : form.validUntil())
                .param("terms", form.terms() == null || form.terms().isBlank() ? null : form.terms().strip())
                .param("rc", draft.reverseCharge()).param("net", draft.totals().netTotal())
                .param("tax", draft.totals().taxTotal()).param("gross", draft.totals().grossTotal())
                .query(Long.class).single();
        if (root == null) {
            jdbc.sql("update quotes set root_id = id where id = :id").param("id", id).update();
        }
        lines.write(LineStore.Of.QUOTE, id, draft.lines());
        if (code != null && !kept) {
            coupons.redeem(code, "QUOTE", id, draft.contactId(), draft.companyId());
        }
        return id;
    }

    private void record(QuoteView quote, String kind, Phrase body) {
        if (quote.companyId() == null && quote.contactId() == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(quote.companyId(), quote.companyId() == null ? quote.contactId() : null,
                kind, quote.number(), body, "billing", quote.id(), CurrentUser.id()));
    }

    private QuoteView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        List<Line> content = lines.read(LineStore.Of.QUOTE, id);
        boolean rc = rs.getBoolean("reverse_charge");
        long root = rs.getObject("root_id") == null ? id : rs.getLong("root_id");
        int revision = rs.getInt("revision");
        QuoteStatus status = QuoteStatus.valueOf(rs.getString("status"));
        LocalDate validUntil = rs.getObject("valid_until", LocalDate.class);
        return new QuoteView(id, root, revision, "OF/" + root + "/" + revision, (Long) rs.getObject("company_id"),
                (Long) rs.getObject("contact_id"), (Long) rs.getObject("deal_id"), (Long) rs.getObject("owner_id"),
                rs.getString("language"), rs.getString("currency"), validUntil, rs.getString("terms"), status,
                (status == QuoteStatus.DRAFT || status == QuoteStatus.SENT) && validUntil != null
                        && validUntil.isBefore(LocalDate.now()),
                rc, content, rs.getBigDecimal("net_total"), rs.getBigDecimal("tax_total"),
                rs.getBigDecimal("gross_total"), Totals.of(content, rc).byRate(), (Long) rs.getObject("order_id"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"), rs.getString("coupon_code"));
    }
}
