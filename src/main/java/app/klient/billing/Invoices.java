package app.klient.billing;

import app.klient.identity.RecordKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
import app.klient.billing.internal.Numbering;
import app.klient.catalog.ExchangeRates;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.OwnedRecords;
import app.klient.identity.Role;
import app.klient.platform.Phrase;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.SearchText;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Formats;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invoices and corrections. An invoice is issued in one transaction: its number is taken from the counter (which
 * stays locked until the invoice commits), seller and buyer are copied as they are that day, and from then on the
 * database itself refuses to change or delete it; a correction referring to it is the only way to amend it.
 * A foreign-currency invoice carries the exchange rate of the central bank's table of the last working day before
 * the sale, with the table's date and number, for its VAT in the company currency.
 */
@Service
public class Invoices {

    private final JdbcClient jdbc;
    private final Drafts drafts;
    private final Seller seller;
    private final Numbering numbering;
    private final LineStore lines;
    private final ExchangeRates rates;
    private final Timeline timeline;
    private final Orders orders;
    private final AuditLog audit;

    private final DocumentOwners owners;
    private final Formats formats;
    private final ApplicationEventPublisher events;
    private final EInvoices eInvoices;
    private final CouponLines coupons;

    Invoices(JdbcClient jdbc, Drafts drafts, Seller seller, Numbering numbering, LineStore lines, ExchangeRates rates,
            Timeline timeline, Orders orders, AuditLog audit, DocumentOwners owners, Formats formats,
            ApplicationEventPublisher events, EInvoices eInvoices, CouponLines coupons) {
        this.coupons = coupons;
        this.events = events;
        this.eInvoices = eInvoices;
        this.audit = audit;
        this.formats = formats;
        this.owners = owners;
        this.jdbc = jdbc;
        this.drafts = drafts;
        this.seller = seller;
        this.numbering = numbering;
        this.lines = lines;
        this.rates = rates;
        this.timeline = timeline;
        this.orders = orders;
    }

    /** Administrators, managers and salespeople issue invoices and record payments; everybody else reads them. */
    public static void checkIssuer() {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SALES)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "billing.forbidden");
        }
    }

    /**
     * Acting on a quote, order or invoice (deciding, cancelling, paying, invoicing it) is editing it: the rule of
     * {@link OwnedRecords}, for those who issue at all.
     */
    public static void checkActOn(RecordKind kind, long id, Long ownerId) {
        checkIssuer();
        if (!OwnedRecords.canEdit(kind, id, ownerId)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "billing.notYours");
        }
    }

    @Transactional
    public InvoiceView issue(InvoiceForm form) {
        checkIssuer();
        SellerProfile profile = seller.get();
        Long companyId = form.companyId();
        Long contactId = form.contactId();
        String currency = form.currency();
        List<LineForm> wanted = form.lines();
        Boolean reverseCharge = form.reverseCharge();
        Long ownerId = owners.owner(form.ownerId(), null);
        if (form.orderId() != null) {
            OrderView order = orders.forInvoicing(form.orderId());
            checkActOn(RecordKind.ORDER, order.id(), order.ownerId());
            // the order's owner earns the commission, not whoever happens to issue its invoice
            ownerId = order.ownerId() == null ? ownerId : order.ownerId();
            if (order.status() == OrderStatus.CANCELLED) {
                throw new InvalidFields(List.of(new InvalidFields.FieldError("orderId", "invoice.orderCancelled")));
            }
            if (!order.invoiceIds().isEmpty() && !Boolean.TRUE.equals(form.again())) {
                throw KlientException.conflict("invoice.orderInvoiced", order.number());
            }
            companyId = companyId == null ? order.companyId() : companyId;
            contactId = contactId == null ? order.contactId() : contactId;
            currency = currency == null || currency.isBlank() ? order.currency() : currency;
            reverseCharge = reverseCharge == null ? order.reverseCharge() : reverseCharge;
            wanted = wanted == null || wanted.isEmpty() ? order.lines().stream().map(Invoices::again).toList()
                    : wanted;
        }
        String language = form.language() == null || form.language().isBlank() ? defaultLanguage(profile)
                : form.language();
        String code = CouponLines.normalize(form.couponCode());
        // an order's coupon goes on to its invoice: used once, by the order
        boolean kept = false;
        if (form.orderId() != null) {
            String ordered = jdbc.sql("select coupon_code from orders where id = :id").param("id", form.orderId())
                    .query(String.class).optional().orElse(null);
            code = code == null ? ordered : code;
            kept = code != null && code.equals(ordered);
        }
        Drafts.Draft draft = drafts.draft(companyId, contactId, currency, reverseCharge,
                CouponLines.withoutDiscount(wanted, code), profile, Locale.forLanguageTag(language), false);
        if (code != null) {
            draft = coupons.apply(draft, coupons.discount(code, kept, draft.contactId(), draft.companyId()),
                    Locale.forLanguageTag(language));
        }
        LocalDate issueDate = form.issueDate() == null ? today() : form.issueDate();
        LocalDate saleDate = form.saleDate() == null ? issueDate : form.saleDate();
        LocalDate dueDate = form.dueDate() == null ? issueDate.plusDays(profile.paymentDays()) : form.dueDate();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (dueDate.isBefore(issueDate)) {
            errors.add("dueDate", "invoice.dueBeforeIssue");
        }
        if (issueDate.isBefore(LocalDate.now().minusYears(5))) {
            errors.add("issueDate", "invoice.issueDate");
        }
        ExchangeRates.TableRate rate = null;
        if (!draft.currency().equals(drafts.companyCurrency())) {
            // an older rate is refused rather than used: an issued invoice can never change, and the law asks for
            // the table of the last working day before the sale, not whichever rate happens to be the newest
            ExchangeRates.Lookup found = rates.forSale(draft.currency(), saleDate);
            rate = found.rate();
            if (rate == null && found.newest() == null) {
                errors.add("currency", "invoice.noRate", draft.currency(), found.wanted());
            }
            else if (rate == null) {
                errors.add("currency", "invoice.staleRate", draft.currency(), found.wanted(), found.newest());
            }
        }
        String exemptionBasis = exemptionBasis(draft, form.exemptionBasis(), profile);
        if (exemptionBasis == null && exempt(draft)) {
            errors.add("exemptionBasis", "invoice.exemptionBasis");
        }
        errors.throwIfAny();
        PaymentMethod method = form.paymentMethod() == null ? PaymentMethod.TRANSFER : form.paymentMethod();
        boolean splitPayment = eInvoices.splitPayment(profile.asParty(), draft.buyer(), draft.reverseCharge(),
                draft.lines(), draft.totals().grossTotal(), draft.currency(), rate == null ? null : rate.rate());
        // the e-invoice's checks come before the number: a refused invoice takes none
        eInvoices.check(provisional("INVOICE", null, null, draft, language, rate, issueDate, saleDate, dueDate,
                method, profile.asParty(), exemptionBasis, splitPayment), null, List.of());
        checkChronology("INVOICE", "issueDate", issueDate, profile);
        String number = numbering.next("INVOICE", profile.invoicePattern(), issueDate);
        long id = insert(number, "INVOICE", null, null, form.orderId(), draft, language, rate, issueDate, saleDate,
                dueDate, method, profile.asParty(), ownerId, exemptionBasis, splitPayment, code);
        if (code != null && !kept) {
            coupons.redeem(code, "INVOICE", id, draft.contactId(), draft.companyId());
        }
        record(draft.companyId(), draft.contactId(), "INVOICE_ISSUED", number,
                Phrase.of("timeline.invoice.total", Phrase.money(draft.totals().grossTotal(), draft.currency())), id);
        InvoiceView issued = get(id);
        audited(issued);
        // kept before the event: the KSeF queue listening to it sends exactly these bytes
        eInvoices.store(issued, null, List.of());
        events.publishEvent(new InvoiceIssued(id, number, "INVOICE", issued.seller().country()));
        return issued;
    }

    /** A correction of an issued invoice: the same parties and currency, the differences as lines. */
    @Transactional
    public InvoiceView correct(long id, CorrectionForm form) {
        checkActOn(RecordKind.INVOICE, id, get(id).ownerId());
        // two corrections at once must not both take back the last unit
        jdbc.sql("select id from invoices where id = :id for update").param("id", id).query(Long.class).single();
        InvoiceView original = get(id);
        if (!"INVOICE".equals(original.kind())) {
            throw KlientException.invalid("invoice.correctCorrection");
        }
        eInvoices.checkCorrectable(original);
        SellerProfile profile = seller.get();
        List<InvoiceView> earlier = original.correctionIds().stream().map(this::get).toList();
        // a coupon's discount lines follow the items: never taken back by hand, made again from the code below
        String code = jdbc.sql("select coupon_code from invoices where id = :id").param("id", id)
                .query(String.class).optional().orElse(null);
        Drafts.Draft draft = drafts.draft(original.companyId(), original.contactId(), original.currency(),
                original.reverseCharge(), CouponLines.withoutDiscount(asInvoiced(original, form.lines()), code),
                profile, Locale.forLanguageTag(original.language()), true);
        checkTakenBack(original, earlier, draft.lines());
        if (code != null) {
            draft = coupons.correction(draft, coupons.discount(code, true, original.contactId(),
                    original.companyId()), Locale.forLanguageTag(original.language()));
        }
        LocalDate issueDate = form.issueDate() == null ? today() : form.issueDate();
        if (issueDate.isBefore(original.issueDate())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("issueDate", "invoice.correctionDate")));
        }
        checkChronology("CORRECTION", "issueDate", issueDate, profile);
        Drafts.Draft frozen = new Drafts.Draft(draft.companyId(), draft.contactId(), draft.currency(),
                draft.reverseCharge(), draft.lines(), draft.totals(), original.buyer());
        // an exempt line prints its legal basis, on a correction as on an invoice: none at all is refused
        String exemptionBasis = !exempt(frozen) ? null : original.exemptionBasis() != null
                ? original.exemptionBasis() : exemptionBasis(frozen, form.exemptionBasis(), profile);
        if (exempt(frozen) && exemptionBasis == null) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("exemptionBasis", "invoice.exemptionBasis")));
        }
        BigDecimal correctedGross = original.grossTotal().add(original.correctedTotal())
                .add(draft.totals().grossTotal());
        if (correctedGross.signum() < 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("lines", "invoice.correctionTooLarge")));
        }
        ExchangeRates.TableRate rate = original.exchangeRate() == null ? null
                : new ExchangeRates.TableRate(original.exchangeRate(), original.exchangeRateDate(),
                        original.exchangeRateTable());
        // a correction of a split payment invoice carries the marker too, and one that lifts it over the threshold
        List<Line> after = new java.util.ArrayList<>(original.lines());
        earlier.forEach(c -> after.addAll(c.lines()));
        after.addAll(draft.lines());
        boolean splitPayment = original.splitPayment() || eInvoices.splitPayment(original.seller(),
                original.buyer(), original.reverseCharge(), after, correctedGross, original.currency(),
                original.exchangeRate());
        InvoiceView pending = provisional("CORRECTION", original, form.reason().strip(), frozen, original.language(),
                rate, issueDate, original.saleDate(), original.dueDate(), original.paymentMethod(), original.seller(),
                exemptionBasis, splitPayment);
        eInvoices.check(pending, original, earlier);
        String number = numbering.next("CORRECTION", profile.correctionPattern(), issueDate);
        // a correction keeps the parties as the original printed them (frozen above)
        long correction = insert(number, "CORRECTION", id, form.reason().strip(), original.orderId(), frozen,
                original.language(), rate, issueDate, original.saleDate(), original.dueDate(),
                original.paymentMethod(), original.seller(), original.ownerId(), exemptionBasis, splitPayment, null);
        settle(id);
        record(original.companyId(), original.contactId(), "INVOICE_CORRECTED", number,
                Phrase.of("timeline.invoice.corrects", original.number(), form.reason().strip()), correction);
        InvoiceView issued = get(correction);
        audited(issued);
        eInvoices.store(issued, original, earlier);
        events.publishEvent(new InvoiceIssued(correction, number, "CORRECTION", issued.seller().country()));
        return issued;
    }

    /**
     * A correction line of an invoiced product or item is priced as invoiced, not at today's catalog price: what it
     * leaves out (price, discount, VAT rate) comes from the invoice's line of the same product (or description).
     */
    private static List<LineForm> asInvoiced(InvoiceView original, List<LineForm> wanted) {
        if (wanted == null) {
            return null;
        }
        return wanted.stream().map(line -> {
            if (line == null) {
                return null;
            }
            Line invoiced = original.lines().stream().filter(l -> key(l.productId(), l.description())
                    .equals(key(line.productId(), line.description()))).findFirst().orElse(null);
            if (invoiced == null) {
                return line;
            }
            boolean rateGiven = line.taxRate() != null || Boolean.TRUE.equals(line.taxExempt());
            return new LineForm(line.productId(), line.description() == null || line.description().isBlank()
                    ? invoiced.description() : line.description(), line.quantity(),
                    line.unitPrice() != null ? line.unitPrice() : invoiced.unitPrice(),
                    line.discountPercent() != null ? line.discountPercent() : invoiced.discountPercent(),
                    rateGiven ? line.taxRate() : invoiced.taxRate(),
                    rateGiven ? line.taxExempt() : Boolean.valueOf(invoiced.taxExempt()));
        }).toList();
    }

    /**
     * No more units go back than were invoiced, counting earlier corrections: per product (or, for a free-text
     * item, per description) the invoiced quantity plus every correction's quantities stays at or above zero. A
     * price correction takes the units back at the old price and invoices them again at the new one, so it moves
     * no units. Lines of items not on the invoice (a discount line) are limited by the total alone.
     */
    private static void checkTakenBack(InvoiceView original, List<InvoiceView> earlier, List<Line> lines) {
        Map<String, BigDecimal> left = new LinkedHashMap<>();
        original.lines().forEach(l -> left.merge(key(l.productId(), l.description()), l.quantity(), BigDecimal::add));
        for (InvoiceView correction : earlier) {
            correction.lines().stream().filter(l -> left.containsKey(key(l.productId(), l.description())))
                    .forEach(l -> left.merge(key(l.productId(), l.description()), l.quantity(), BigDecimal::add));
        }
        Map<String, BigDecimal> available = new LinkedHashMap<>(left);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        java.util.Set<String> named = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            String key = key(line.productId(), line.description());
            if (!left.containsKey(key)) {
                continue;
            }
            BigDecimal after = left.merge(key, line.quantity(), BigDecimal::add);
            if (after.signum() < 0 && named.add(key)) {
                errors.add("lines[" + i + "].quantity", "invoice.correctionMoreThanInvoiced", i + 1,
                        available.get(key).stripTrailingZeros().toPlainString());
            }
        }
        errors.throwIfAny();
    }

    /**
     * What is left of each of an invoice's lines after its corrections (what can still be taken back or repriced),
     * in line order; lines of one product share what is left, first come first served.
     */
    @Transactional(readOnly = true)
    public List<BigDecimal> left(long id) {
        InvoiceView invoice = get(id);
        Map<String, BigDecimal> left = new LinkedHashMap<>();
        invoice.lines().forEach(l -> left.merge(key(l.productId(), l.description()), l.quantity(), BigDecimal::add));
        for (long correction : invoice.correctionIds()) {
            get(correction).lines().stream().filter(l -> left.containsKey(key(l.productId(), l.description())))
                    .forEach(l -> left.merge(key(l.productId(), l.description()), l.quantity(), BigDecimal::add));
        }
        return invoice.lines().stream().map(l -> {
            String key = key(l.productId(), l.description());
            BigDecimal share = l.quantity().min(left.get(key)).max(BigDecimal.ZERO);
            left.merge(key, share.negate(), BigDecimal::add);
            return share;
        }).toList();
    }

    private static String key(Long productId, String description) {
        return productId != null ? "product:" + productId
                : "item:" + (description == null ? "" : description.strip().toLowerCase(Locale.ROOT));
    }

    @Transactional
    public Payment pay(PaymentForm form) {
        checkActOn(RecordKind.INVOICE, form.invoiceId(), get(form.invoiceId()).ownerId());
        InvoiceView invoice = get(form.invoiceId());
        if (!"INVOICE".equals(invoice.kind())) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("invoiceId", "payment.notForCorrection")));
        }
        // the row lock makes two payments recorded at once add up instead of both passing the check
        jdbc.sql("select id from invoices where id = :id for update").param("id", invoice.id()).query(Long.class)
                .single();
        InvoiceView locked = get(invoice.id());
        if (form.amount().compareTo(locked.outstanding()) > 0) {
            // in the reader's number format, as every amount on the page reads ("1 230,00 PLN" in Polish)
            throw new InvalidFields(List.of(new InvalidFields.FieldError("amount", "payment.tooMuch",
                    formats.amount(locked.outstanding()), locked.currency())));
        }
        LocalDate day = form.paidOn() == null ? today() : form.paidOn();
        if (day.isAfter(today()) || day.isBefore(locked.issueDate().minusYears(1))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("paidOn", "payment.day")));
        }
        long id = jdbc.sql("""
                insert into payments (invoice_id, amount, paid_on, method, reference, created_by)
                values (:invoice, :amount, :day, :method, :reference, :by) returning id""")
                .param("invoice", locked.id()).param("amount", form.amount().setScale(2, RoundingMode.UNNECESSARY))
                .param("day", day).param("method", (form.method() == null ? locked.paymentMethod() : form.method())
                        .name())
                .param("reference", form.reference() == null || form.reference().isBlank() ? null
                        : form.reference().strip())
                .param("by", CurrentUser.id()).query(Long.class).single();
        settle(locked.id());
        record(locked.companyId(), locked.contactId(), "PAYMENT_RECEIVED", locked.number(),
                Phrase.of("timeline.payment.amount", Phrase.money(form.amount(), locked.currency())), locked.id());
        Map<String, Object> payment = new LinkedHashMap<>();
        payment.put("invoiceId", locked.id());
        payment.put("amount", form.amount().toPlainString());
        payment.put("paidOn", day);
        payment.put("method", form.method() == null ? locked.paymentMethod() : form.method());
        payment.put("reference", form.reference());
        audit.record(AuditAction.CREATE, "payment", id, locked.number() + ": " + form.amount().toPlainString() + " "
                + locked.currency(), FieldChange.of(payment));
        return payments(locked.id()).stream().filter(p -> p.id() == id).findFirst().orElseThrow();
    }

    /**
     * The one settlement rule: balance = gross + the corrections' gross − payments; the invoice is paid when the
     * balance is at most zero, and {@code paid_at} is the day it got there for good (a payment's day or a
     * correction's issue day, whichever closed it). Lists, filters, overdue, commissions and the API all read
     * {@code paid_at}, so it is recomputed here after every payment and every correction.
     */
    private void settle(long invoiceId) {
        jdbc.sql("select id from invoices where id = :id for update").param("id", invoiceId).query(Long.class)
                .single();
        BigDecimal gross = jdbc.sql("select gross_total from invoices where id = :id").param("id", invoiceId)
                .query(BigDecimal.class).single();
        record Event(LocalDate day, BigDecimal change) {
        }
        List<Event> events = jdbc.sql("""
                select paid_on, -amount from payments where invoice_id = :id
                union all
                select issue_date, gross_total from invoices where corrects_id = :id
                order by 1""").param("id", invoiceId)
                .query((rs, n) -> new Event(rs.getObject(1, LocalDate.class), rs.getBigDecimal(2))).list();
        BigDecimal balance = gross;
        LocalDate settledOn = null;
        for (int i = 0; i < events.size(); i++) {
            balance = balance.add(events.get(i).change());
            boolean dayOver = i + 1 == events.size() || !events.get(i + 1).day().equals(events.get(i).day());
            if (dayOver) {
                settledOn = balance.signum() <= 0 ? (settledOn == null ? events.get(i).day() : settledOn) : null;
            }
        }
        jdbc.sql("""
                update invoices set paid_total = (select coalesce(sum(amount), 0) from payments where invoice_id = :id),
                       paid_at = :at
                where id = :id""").param("id", invoiceId)
                .param("at", settledOn == null ? null : java.sql.Timestamp.from(settledOn.atStartOfDay(
                        seller.get().zone()).toInstant()))
                .update();
    }

    /** The status every list, filter and the API show, from the settlement {@link #settle} keeps. */
    static InvoiceStatus status(String kind, boolean settled, BigDecimal paid, LocalDate dueDate, LocalDate today) {
        if (!"INVOICE".equals(kind)) {
            return InvoiceStatus.CORRECTION;
        }
        if (settled) {
            return InvoiceStatus.PAID;
        }
        if (dueDate.isBefore(today)) {
            return InvoiceStatus.OVERDUE;
        }
        return paid.signum() > 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.UNPAID;
    }

    /**
     * What "paid" means everywhere (status, lists, segment criteria): an invoice whose settlement ({@link #settle}:
     * gross + corrections − payments at most zero) has a day, as a condition on {@code invoices i}. The partial index
     * {@code invoices_paid_contact_idx} has the same predicate.
     */
    public static final String PAID = "i.kind = 'INVOICE' and i.paid_at is not null";

    /** The same rule as {@link #status}, as a condition on {@code invoices i} for lists and counts. */
    static String condition(InvoiceStatus status) {
        return switch (status) {
            case PAID -> " and " + PAID;
            case PARTIALLY_PAID -> " and i.kind = 'INVOICE' and i.paid_at is null and i.paid_total > 0"
                    + " and i.due_date >= :today";
            case UNPAID -> " and i.kind = 'INVOICE' and i.paid_at is null";
            case OVERDUE -> " and i.kind = 'INVOICE' and i.paid_at is null and i.due_date < :today";
            case CORRECTION -> " and i.kind = 'CORRECTION'";
        };
    }

    @Transactional(readOnly = true)
    public List<Payment> payments(long invoiceId) {
        return jdbc.sql("""
                select id, invoice_id, amount, paid_on, method, reference, created_at from payments
                where invoice_id = :id order by paid_on, id""").param("id", invoiceId)
                .query((rs, n) -> new Payment(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3),
                        rs.getObject(4, LocalDate.class), PaymentMethod.valueOf(rs.getString(5)), rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    public InvoiceView get(long id) {
        return jdbc.sql("""
                select i.*, o.number as corrects_number, o.issue_date as corrects_issue_date,
                       (select coalesce(sum(c.gross_total), 0) from invoices c where c.corrects_id = i.id) as corrected,
                       (select coalesce(array_agg(c.id order by c.id), '{}') from invoices c where c.corrects_id = i.id)
                           as correction_ids
                from invoices i left join invoices o on o.id = i.corrects_id where i.id = :id""").param("id", id)
                .query(this::view).optional().orElseThrow(() -> KlientException.notFound("invoice.notFound"));
    }

    /** The sorts the invoice list offers. */
    public static final Map<String, String> SORTS = Map.of("issueDate", "i.issue_date %s, i.id %s", "dueDate",
            "i.due_date %s, i.id %s", "grossTotal", "i.gross_total %s, i.id %s", "number", "i.number %s, i.id %s");

    public record Query(String q, Long companyId, InvoiceStatus status, LocalDate from, LocalDate to) {
    }

    /** The list's filters as SQL over invoices {@code i}, starting with " where", their values put in {@code params}. */
    String where(Query query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where true");
        String pattern = SearchText.pattern(query.q());
        if (pattern != null) {
            where.append(" and (lower(i.number) like :q or lower(i.buyer_name) like :q or i.buyer_tax_id like :q)");
            params.put("q", pattern);
        }
        if (query.companyId() != null) {
            where.append(" and i.company_id = :company");
            params.put("company", query.companyId());
        }
        if (query.from() != null) {
            where.append(" and i.issue_date >= :from");
            params.put("from", query.from());
        }
        if (query.to() != null) {
            where.append(" and i.issue_date <= :to");
            params.put("to", query.to());
        }
        if (query.status() != null) {
            where.append(condition(query.status()));
            params.put("today", today());
        }
        return where.toString();
    }

    @Transactional(readOnly = true)
    public CountedPage<InvoiceRow> list(Query query, Pageable page) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = where(query, params);
        var order = page.getSort().stream().findFirst()
                .orElse(org.springframework.data.domain.Sort.Order.desc("issueDate"));
        String orderBy = SORTS.getOrDefault(order.getProperty(), SORTS.get("issueDate"))
                .replace("%s", order.isAscending() ? "asc" : "desc");
        Map<String, Object> paged = new LinkedHashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        LocalDate today = today();
        List<InvoiceRow> rows = jdbc.sql("""
                select i.id, i.number, i.kind, i.company_id, i.buyer_name, i.currency, i.issue_date, i.due_date,
                       i.gross_total, i.paid_total, i.paid_at,
                       (select coalesce(sum(c.gross_total), 0) from invoices c where c.corrects_id = i.id) as corrected
                from invoices i""" + where + " order by " + orderBy + " limit :limit offset :offset").params(paged)
                .query((rs, n) -> new InvoiceRow(rs.getLong("id"), rs.getString("number"), rs.getString("kind"),
                        (Long) rs.getObject("company_id"), rs.getString("buyer_name"), rs.getString("currency"),
                        rs.getObject("issue_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                        rs.getBigDecimal("gross_total"), rs.getBigDecimal("paid_total"),
                        status(rs.getString("kind"), rs.getTimestamp("paid_at") != null,
                                rs.getBigDecimal("paid_total"), rs.getObject("due_date", LocalDate.class), today)))
                .list();
        return CountedPage.of(rows, page, jdbc, "from invoices i" + where, params);
    }

    /**
     * Numbers follow issue dates within a series: no date after today (in the company's time zone) and none before
     * the last document of the series, unless the administrator has opened earlier dates until today or later
     * ({@link SellerProfile#backdatingUntil}). The series is locked until the transaction ends, so two documents
     * issued at once are checked one after the other.
     */
    private void checkChronology(String kind, String field, LocalDate issueDate, SellerProfile profile) {
        LocalDate today = LocalDate.now(profile.zone());
        if (issueDate.isAfter(today)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "invoice.issueDateFuture",
                    today)));
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:series))").param("series", "invoice-series:" + kind)
                .query((rs, n) -> 1).list();
        LocalDate last = jdbc.sql("select max(issue_date) from invoices where kind = :kind").param("kind", kind)
                .query((rs, n) -> rs.getObject(1, LocalDate.class)).list().get(0);
        boolean opened = profile.backdatingUntil() != null && !today.isAfter(profile.backdatingUntil());
        if (last != null && issueDate.isBefore(last) && !opened) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "invoice.issueDateBeforeLast",
                    last)));
        }
    }

    /** Today in the company's time zone: what "overdue" and "after today" are measured against. */
    public LocalDate today() {
        return LocalDate.now(seller.get().zone());
    }

    /** Whether a document has VAT-exempt lines (reverse charge is not an exemption). */
    private static boolean exempt(Drafts.Draft draft) {
        return !draft.reverseCharge() && draft.lines().stream().anyMatch(Line::taxExempt);
    }

    /** The legal basis an exempt invoice prints: the one given with it, else the seller's default; none without. */
    private static String exemptionBasis(Drafts.Draft draft, String given, SellerProfile profile) {
        if (!exempt(draft)) {
            return null;
        }
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        return profile.exemptionBasis() == null || profile.exemptionBasis().isBlank() ? null
                : profile.exemptionBasis().strip();
    }

    private long insert(String number, String kind, Long corrects, String reason, Long orderId, Drafts.Draft draft,
            String language, ExchangeRates.TableRate rate, LocalDate issueDate, LocalDate saleDate,
            LocalDate dueDate, PaymentMethod method, Party seller, Long ownerId, String exemptionBasis,
            boolean splitPayment, String couponCode) {
        Totals totals = draft.totals();
        Party buyer = draft.buyer();
        long id = jdbc.sql("""
                insert into invoices (number, kind, corrects_id, correction_reason, order_id, company_id, contact_id,
                    owner_id, language, currency, exchange_rate, issue_date, sale_date, due_date, payment_method,
                    reverse_charge, seller_name, seller_address, seller_tax_id, seller_vat_id, seller_bank_account,
                    buyer_name, buyer_address, buyer_tax_id, buyer_vat_id, buyer_country, net_total, tax_total,
                    gross_total, created_by, seller_registration_number, seller_country, buyer_registration_number,
                    exemption_basis, exchange_rate_date, exchange_rate_table, split_payment, coupon_code)
                values (:number, :kind, :corrects, :reason, :order, :company, :contact, :owner, :language, :currency,
                    :rate, :issue, :sale, :due, :method, :rc, :sellerName, :sellerAddress, :sellerTax, :sellerVat,
                    :sellerBank, :buyerName, :buyerAddress, :buyerTax, :buyerVat, :buyerCountry, :net, :tax, :gross,
                    :by, :sellerRegistration, :sellerCountry, :buyerRegistration, :exemption, :rateDate,
                    :rateTable, :splitPayment, :coupon) returning id""")
                .param("splitPayment", splitPayment).param("coupon", couponCode)
                .param("number", number).param("kind", kind).param("corrects", corrects).param("reason", reason)
                .param("order", orderId).param("company", draft.companyId()).param("contact", draft.contactId())
                .param("owner", ownerId).param("language", language).param("currency", draft.currency())
                .param("rate", rate == null ? null : rate.rate())
                .param("rateDate", rate == null ? null : rate.tableDate())
                .param("rateTable", rate == null ? null : rate.tableNumber())
                .param("sellerRegistration", seller.registrationNumber()).param("sellerCountry", seller.country())
                .param("buyerRegistration", buyer.registrationNumber()).param("exemption", exemptionBasis)
                .param("issue", issueDate).param("sale", saleDate).param("due", dueDate)
                .param("method", method.name()).param("rc", draft.reverseCharge())
                .param("sellerName", seller.name()).param("sellerAddress", seller.address())
                .param("sellerTax", seller.taxId()).param("sellerVat", seller.vatId())
                .param("sellerBank", seller.bankAccount()).param("buyerName", buyer.name())
                .param("buyerAddress", buyer.address()).param("buyerTax", buyer.taxId())
                .param("buyerVat", buyer.vatId()).param("buyerCountry", buyer.country())
                .param("net", totals.netTotal()).param("tax", totals.taxTotal()).param("gross", totals.grossTotal())
                .param("by", CurrentUser.id()).query(Long.class).single();
        lines.write(LineStore.Of.INVOICE, id, draft.lines());
        return id;
    }

    /**
     * The invoice as it is about to be issued, without its number: what the e-invoice checks look at before the
     * number is taken.
     */
    private static InvoiceView provisional(String kind, InvoiceView original, String reason, Drafts.Draft draft,
            String language, ExchangeRates.TableRate rate, LocalDate issueDate, LocalDate saleDate, LocalDate dueDate,
            PaymentMethod method, Party seller, String exemptionBasis, boolean splitPayment) {
        Totals totals = draft.totals();
        return new InvoiceView(0, "", kind, original == null ? null : original.id(),
                original == null ? null : original.number(), original == null ? null : original.issueDate(), reason,
                null, draft.companyId(), draft.contactId(), null, language, draft.currency(),
                rate == null ? null : rate.rate(), issueDate, saleDate, dueDate, method, draft.reverseCharge(), seller,
                draft.buyer(), draft.lines(), totals.netTotal(), totals.taxTotal(), totals.grossTotal(),
                totals.byRate(), null, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                "INVOICE".equals(kind) ? InvoiceStatus.UNPAID : InvoiceStatus.CORRECTION, List.of(),
                java.time.Instant.now(), rate == null ? null : rate.tableDate(), rate == null ? null
                        : rate.tableNumber(), exemptionBasis, null, splitPayment);
    }

    /**
     * The FA(3) e-invoice of a Polish invoice or correction as kept when it was issued (one issued before Klient
     * made them gets it on this first request); empty for others.
     */
    @Transactional
    public java.util.Optional<app.klient.billing.einvoice.InvoiceFiles.InvoiceFile> fa3(long id) {
        InvoiceView invoice = get(id);
        InvoiceView corrected = invoice.correctsId() == null ? null : get(invoice.correctsId());
        List<InvoiceView> earlier = corrected == null ? List.of() : corrected.correctionIds().stream()
                .filter(c -> c < id).map(this::get).toList();
        return eInvoices.fa3(invoice, corrected, earlier);
    }

    /** An invoice or correction in the audit log, as issued. */
    private void audited(InvoiceView invoice) {
        Map<String, Object> fields = FieldChange.fields(invoice, "number", "kind", "correctsId", "correctionReason",
                "orderId", "companyId", "contactId", "ownerId", "currency", "grossTotal", "issueDate", "dueDate");
        fields.put("buyer", invoice.buyer().name());
        audit.record(AuditAction.CREATE, "invoice", invoice.id(), invoice.number() + ": "
                + invoice.grossTotal().toPlainString() + " " + invoice.currency(), FieldChange.of(fields));
    }

    private void record(Long companyId, Long contactId, String kind, String title, Phrase body, long id) {
        if (companyId == null && contactId == null) {
            return;
        }
        timeline.record(TimelineRecord.coded(companyId, companyId == null ? contactId : null, kind, title, body,
                "billing", id, CurrentUser.id()));
    }

    /** Documents speak the seller's language unless told otherwise: Polish in Poland, Czech in Czechia. */
    static String defaultLanguage(SellerProfile profile) {
        return switch (profile.country()) {
            case "PL" -> "pl";
            case "CZ" -> "cs";
            default -> "en";
        };
    }

    static LineForm again(Line line) {
        return new LineForm(line.productId(), line.description(), line.quantity(), line.unitPrice(),
                line.discountPercent(), line.taxRate(), line.taxExempt());
    }

    /**
     * The VAT in the company currency, converted rate by rate and rounded per rate: the sum of the per-rate amounts
     * an FA(3) or ISDOC file states (P_14_xW), so the PDF never differs from the e-invoice by a cent.
     */
    static BigDecimal inCompanyCurrency(List<Totals.RateRow> byRate, BigDecimal rate) {
        return byRate.stream().map(row -> row.tax().multiply(rate).setScale(2, RoundingMode.HALF_UP))
                .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    private InvoiceView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        List<Line> content = lines.read(LineStore.Of.INVOICE, id);
        boolean rc = rs.getBoolean("reverse_charge");
        Totals totals = Totals.of(content, rc);
        BigDecimal rate = rs.getBigDecimal("exchange_rate");
        BigDecimal gross = rs.getBigDecimal("gross_total");
        BigDecimal corrected = rs.getBigDecimal("corrected");
        BigDecimal paid = rs.getBigDecimal("paid_total");
        String kind = rs.getString("kind");
        LocalDate due = rs.getObject("due_date", LocalDate.class);
        BigDecimal outstanding = "INVOICE".equals(kind) ? gross.add(corrected).subtract(paid).max(BigDecimal.ZERO)
                : BigDecimal.ZERO;
        Long[] corrections = (Long[]) rs.getArray("correction_ids").getArray();
        return new InvoiceView(id, rs.getString("number"), kind, (Long) rs.getObject("corrects_id"),
                rs.getString("corrects_number"), rs.getObject("corrects_issue_date", LocalDate.class),
                rs.getString("correction_reason"), (Long) rs.getObject("order_id"),
                (Long) rs.getObject("company_id"), (Long) rs.getObject("contact_id"), (Long) rs.getObject("owner_id"),
                rs.getString("language"), rs.getString("currency"), rate, rs.getObject("issue_date", LocalDate.class),
                rs.getObject("sale_date", LocalDate.class), due, PaymentMethod.valueOf(rs.getString("payment_method")),
                rc, new Party(rs.getString("seller_name"), rs.getString("seller_address"),
                        rs.getString("seller_tax_id"), rs.getString("seller_vat_id"), rs.getString("seller_country"),
                        rs.getString("seller_bank_account"), rs.getString("seller_registration_number")),
                new Party(rs.getString("buyer_name"), rs.getString("buyer_address"), rs.getString("buyer_tax_id"),
                        rs.getString("buyer_vat_id"), rs.getString("buyer_country"), null,
                        rs.getString("buyer_registration_number")),
                content, rs.getBigDecimal("net_total"), rs.getBigDecimal("tax_total"), gross, totals.byRate(),
                rate == null ? null : inCompanyCurrency(totals.byRate(), rate),
                corrected, paid, outstanding, status(kind, rs.getTimestamp("paid_at") != null, paid, due, today()),
                List.of(corrections),
                rs.getTimestamp("created_at").toInstant(), rs.getObject("exchange_rate_date", LocalDate.class),
                rs.getString("exchange_rate_table"), rs.getString("exemption_basis"),
                InvoiceView.variableSymbol(rs.getString("number")), rs.getBoolean("split_payment"));
    }
}
