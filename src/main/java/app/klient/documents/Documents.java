package app.klient.documents;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.billing.OrderView;
import app.klient.billing.Orders;
import app.klient.billing.Seller;
import app.klient.billing.SellerProfile;
import app.klient.customers.Companies;
import app.klient.customers.CompanyView;
import app.klient.customers.ContactView;
import app.klient.customers.Contacts;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.pdf.PdfRenderer;
import app.klient.sales.ContactRole;
import app.klient.sales.DealContact;
import app.klient.sales.DealView;
import app.klient.sales.Deals;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.HtmlUtils;

/**
 * Documents made from templates in one step: Klient looks up the record (a company, contact, deal or order), the
 * people and company around it, the seller and the author, fills the template's merge fields in its language, and
 * keeps the PDF with a line on the customer's timeline.
 */
@Service
public class Documents {

    private final JdbcClient jdbc;
    private final Templates templates;
    private final Companies companies;
    private final Contacts contacts;
    private final Deals deals;
    private final Orders orders;
    private final Seller seller;
    private final PdfRenderer renderer;
    private final Timeline timeline;

    Documents(JdbcClient jdbc, Templates templates, Companies companies, Contacts contacts, Deals deals,
            Orders orders, Seller seller, PdfRenderer renderer, Timeline timeline) {
        this.jdbc = jdbc;
        this.templates = templates;
        this.companies = companies;
        this.contacts = contacts;
        this.deals = deals;
        this.orders = orders;
        this.seller = seller;
        this.renderer = renderer;
        this.timeline = timeline;
    }

    public record Request(Long templateId, RecordType recordType, Long recordId) {
    }

    @Transactional
    public GeneratedDocument generate(Request request) {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER, Role.SALES)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "document.forbidden");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (request.templateId() == null) {
            errors.add("templateId", "template.notFound");
        }
        if (request.recordType() == null) {
            errors.add("recordType", "document.recordType");
        }
        if (request.recordId() == null) {
            errors.add("recordId", "document.record");
        }
        errors.throwIfAny();
        TemplateView template;
        try {
            template = templates.get(request.templateId());
        }
        catch (KlientException missing) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("templateId", "template.notFound")));
        }
        if (!template.active()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("templateId", "template.retired.refused")));
        }
        Locale locale = Locale.forLanguageTag(template.language());
        Map<String, String> values = new HashMap<>();
        Subject subject = fill(request.recordType(), request.recordId(), values, locale);
        String title = template.name() + (subject.name() == null ? "" : " – " + subject.name());
        MergeFields.Filled filled = MergeFields.filled(template.body(), values);
        byte[] pdf = renderer.render(xhtml(title, filled.text(), template.language()));
        long id = jdbc.sql("""
                insert into generated_documents (template_id, title, record_type, record_id, company_id, contact_id,
                    language, pdf, created_by, empty_fields)
                values (:template, :title, :type, :record, :company, :contact, :language, :pdf, :by, :empty)
                returning id""")
                .param("empty", filled.empty().toArray(String[]::new))
                .param("template", template.id()).param("title", title.length() > 200 ? title.substring(0, 200)
                        : title)
                .param("type", request.recordType().name()).param("record", request.recordId())
                .param("company", subject.companyId()).param("contact", subject.contactId())
                .param("language", template.language()).param("pdf", pdf).param("by", CurrentUser.id())
                .query(Long.class).single();
        if (subject.companyId() != null || subject.contactId() != null) {
            timeline.record(TimelineRecord.coded(subject.companyId(), subject.companyId() == null
                    ? subject.contactId() : null, "DOCUMENT_GENERATED", title, null, "documents", id,
                    CurrentUser.id()));
        }
        return get(id);
    }

    /**
     * The merge fields' values for a record in a language: the record's, its company's and main person's, the
     * seller's, the signed-in author's and today's. E-mail templates use the same fields.
     */
    @Transactional(readOnly = true)
    public Map<String, String> values(RecordType type, long recordId, Locale locale) {
        Map<String, String> values = new HashMap<>();
        fill(type, recordId, values, locale);
        return values;
    }

    private Subject fill(RecordType type, long recordId, Map<String, String> values, Locale locale) {
        Subject subject = subject(new Request(null, type, recordId), values, locale);
        SellerProfile profile = seller.get();
        values.put("today", date(LocalDate.now(), locale));
        values.put("user.name", CurrentUser.actor().displayName());
        values.put("user.email", CurrentUser.actor().email());
        values.put("seller.name", profile.name());
        values.put("seller.legalName", profile.asParty().name());
        values.put("seller.address", nullToEmpty(profile.asParty().address()));
        values.put("seller.taxId", nullToEmpty(profile.taxId()));
        values.put("seller.vatId", nullToEmpty(profile.vatId()));
        values.put("seller.bankAccount", nullToEmpty(profile.bankAccount()));
        values.put("seller.email", nullToEmpty(profile.email()));
        values.put("seller.phone", nullToEmpty(profile.phone()));
        values.put("seller.paymentDays", String.valueOf(profile.paymentDays()));
        return subject;
    }

    @Transactional(readOnly = true)
    public GeneratedDocument get(long id) {
        return jdbc.sql("select id, title, record_type, record_id, company_id, contact_id, language, created_at, "
                + "empty_fields from generated_documents where id = :id").param("id", id).query(Documents::row).optional()
                .orElseThrow(() -> KlientException.notFound("document.notFound"));
    }

    @Transactional(readOnly = true)
    public byte[] pdf(long id) {
        return jdbc.sql("select pdf from generated_documents where id = :id").param("id", id).query(byte[].class)
                .optional().orElseThrow(() -> KlientException.notFound("document.notFound"));
    }

    @Transactional(readOnly = true)
    public List<GeneratedDocument> ofCompany(long companyId, int limit) {
        return jdbc.sql("select id, title, record_type, record_id, company_id, contact_id, language, created_at, "
                + "empty_fields from generated_documents where company_id = :company order by created_at desc, id desc limit "
                + ":limit").param("company", companyId).param("limit", limit).query(Documents::row).list();
    }

    private static GeneratedDocument row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long id = rs.getLong("id");
        return new GeneratedDocument(id, rs.getString("title"), RecordType.valueOf(rs.getString("record_type")),
                rs.getLong("record_id"), (Long) rs.getObject("company_id"), (Long) rs.getObject("contact_id"),
                rs.getString("language"), rs.getTimestamp("created_at").toInstant(),
                "/api/v1/documents/" + id + "/pdf", List.of((String[]) rs.getArray("empty_fields").getArray()));
    }

    private record Subject(String name, Long companyId, Long contactId) {
    }

    /** Puts the record's fields, and those of its company and main person, into {@code values}. */
    private Subject subject(Request request, Map<String, String> values, Locale locale) {
        Long companyId = null;
        Long contactId = null;
        String name;
        try {
            switch (request.recordType()) {
                case COMPANY -> {
                    companyId = companies.get(request.recordId()).id();
                    contactId = contacts.ofCompany(companyId).stream().findFirst().map(ContactView::id).orElse(null);
                    name = companies.name(companyId);
                }
                case CONTACT -> {
                    ContactView contact = contacts.get(request.recordId());
                    contactId = contact.id();
                    companyId = contact.companyId();
                    name = contact.displayName();
                }
                case DEAL -> {
                    DealView deal = deals.get(request.recordId());
                    companyId = deal.companyId();
                    contactId = deal.contacts().stream()
                            .sorted(java.util.Comparator.comparing((DealContact c) -> c.role() != ContactRole.DECISION_MAKER))
                            .map(DealContact::contactId).findFirst().orElse(null);
                    name = deal.name();
                    values.put("deal.name", deal.name());
                    values.put("deal.amount", money(deal.amount(), locale));
                    values.put("deal.currency", deal.currency());
                    values.put("deal.expectedCloseDate", deal.expectedCloseDate() == null ? ""
                            : date(deal.expectedCloseDate(), locale));
                    values.put("deal.stage", deal.stageName());
                    values.put("deal.owner", nullToEmpty(deal.ownerName()));
                }
                default -> {
                    OrderView order = orders.get(request.recordId());
                    companyId = order.companyId();
                    contactId = order.contactId();
                    name = order.number();
                    values.put("order.number", order.number());
                    values.put("order.date", date(order.orderedAt().atZone(java.time.ZoneOffset.UTC).toLocalDate(),
                            locale));
                    values.put("order.netTotal", money(order.netTotal(), locale));
                    values.put("order.grossTotal", money(order.grossTotal(), locale));
                    values.put("order.currency", order.currency());
                }
            }
        }
        catch (KlientException missing) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("recordId", "document.record")));
        }
        if (companyId != null) {
            CompanyView company = companies.get(companyId);
            values.put("company.name", company.name());
            values.put("company.legalName", company.legalName() == null || company.legalName().isBlank()
                    ? company.name() : company.legalName());
            values.put("company.address", company.billingAddress() == null || company.billingAddress().isEmpty()
                    ? "" : company.billingAddress().oneLine());
            values.put("company.taxId", nullToEmpty(company.taxId()));
            values.put("company.vatId", nullToEmpty(company.vatId()));
            values.put("company.registrationNumber", nullToEmpty(company.registrationNumber()));
            values.put("company.email", nullToEmpty(company.email()));
            values.put("company.website", nullToEmpty(company.website()));
            custom(values, "company.custom.", company.customFields());
        }
        if (contactId != null) {
            ContactView contact = contacts.get(contactId);
            values.put("contact.fullName", contact.displayName());
            values.put("contact.firstName", nullToEmpty(contact.firstName()));
            values.put("contact.lastName", nullToEmpty(contact.lastName()));
            values.put("contact.email", contact.emails().isEmpty() ? "" : contact.emails().get(0));
            values.put("contact.phone", contact.phones().isEmpty() ? "" : contact.phones().get(0));
            values.put("contact.jobTitle", nullToEmpty(contact.jobTitle()));
            custom(values, "contact.custom.", contact.customFields());
        }
        return new Subject(name, companyId, contactId);
    }

    /** The filled text as a page: "# " lines are headings, blank lines part paragraphs, everything escaped. */
    static String xhtml(String title, String text, String language) {
        StringBuilder body = new StringBuilder();
        for (String block : text.strip().split("\\R\\s*\\R")) {
            String trimmed = block.strip();
            if (trimmed.startsWith("# ")) {
                body.append("<h1>").append(escape(trimmed.substring(2).strip())).append("</h1>");
            }
            else if (!trimmed.isEmpty()) {
                body.append("<p>").append(String.join("<br/>", trimmed.lines().map(Documents::escape).toList()))
                        .append("</p>");
            }
        }
        return """
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml" lang="%s"><head><meta charset="utf-8"/><title>%s</title>
                <style>@page { size: A4; margin: 22mm 20mm; }
                body { font-family: '%s', sans-serif; font-size: 10.5pt; line-height: 1.45; color: #1c2430; }
                h1 { font-size: 16pt; text-align: center; margin: 0 0 8mm; } p { margin: 0 0 3.5mm; }</style>
                </head><body>%s</body></html>""".formatted(language, escape(title), PdfRenderer.FONT, body);
    }

    private static String escape(String s) {
        // numeric entities only: the renderer reads XML, which knows no &nbsp; and friends
        return HtmlUtils.htmlEscapeDecimal(s);
    }

    private static String money(BigDecimal amount, Locale locale) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount);
    }

    private static String date(LocalDate date, Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(date);
    }

    /** A record's custom fields as {@code contact.custom.KEY}: texts as written, lists joined, the rest as shown. */
    private static void custom(Map<String, String> values, String prefix, Map<String, Object> fields) {
        if (fields == null) {
            return;
        }
        fields.forEach((key, value) -> {
            if (value != null) {
                values.put(prefix + key, value instanceof java.util.Collection<?> list ? String.join(", ",
                        list.stream().map(String::valueOf).toList()) : String.valueOf(value));
            }
        });
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
