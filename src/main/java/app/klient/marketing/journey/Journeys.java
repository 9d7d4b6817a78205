package app.klient.marketing.journey;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.catalog.Products;
import app.klient.documents.MergeFields;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The journeys: their settings and wording (changed by marketers), the product notices they make, and the log of who
 * got what and when. {@link JourneyRun} does the sending.
 */
@Service
public class Journeys {

    /** Merge fields a journey may use beyond the document ones. */
    static final Set<String> OWN_FIELDS = Set.of("coupon.code", "coupon.percent", "coupon.validUntil",
            "product.name", "order.number");

    private static final String[] AUDITED = { "name", "enabled", "purposeId", "delayDays", "couponPercent",
        "couponValidDays", "productId", "purchasedSince", "serviceNotice", "defaultLanguage" };

    private final JdbcClient jdbc;
    private final Versions versions;
    private final Products products;
    private final AuditLog audit;
    private final MessageSource messages;

    Journeys(JdbcClient jdbc, Versions versions, Products products, AuditLog audit, MessageSource messages) {
        this.messages = messages;
        this.jdbc = jdbc;
        this.versions = versions;
        this.products = products;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<JourneyView> list() {
        return jdbc.sql(SELECT + " order by array_position(array['BIRTHDAY', 'PURCHASE_ANNIVERSARY', "
                + "'FIRST_PURCHASE_THANKS', 'REVIEW_REQUEST', 'PRODUCT_NOTICE']::varchar[], j.kind), j.id")
                .query(this::view).list();
    }

    @Transactional(readOnly = true)
    public JourneyView get(long id) {
        return jdbc.sql(SELECT + " where j.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("journey.notFound"));
    }

    /** A notice to everyone who bought a product (a recall, a safety note): made switched off, to be worded first. */
    @Transactional
    public JourneyView createNotice(JourneyForm form) {
        Permission.MARKETING.check();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.kind() != null && form.kind() != JourneyKind.PRODUCT_NOTICE) {
            errors.add("kind", "journey.kind.onlyNotice");
        }
        if (form.productId() == null || !products.exists(form.productId())) {
            errors.add("productId", "journey.product.required");
        }
        if (form.name() == null || form.name().isBlank()) {
            errors.add("name", "journey.name.required");
        }
        errors.throwIfAny();
        long purpose = form.purposeId() != null ? form.purposeId() : jdbc.sql("select id from consent_purposes "
                + "where key = 'offers'").query(Long.class).optional().orElseThrow();
        long id = jdbc.sql("""
                insert into journeys (kind, name, purpose_id, product_id, purchased_since, default_language,
                    service_notice)
                values ('PRODUCT_NOTICE', :name, :purpose, :product, :since, :language, :service) returning id""")
                .param("service", !Boolean.FALSE.equals(form.serviceNotice()))
                .param("name", form.name().strip()).param("purpose", purpose).param("product", form.productId())
                .param("since", form.purchasedSince())
                .param("language", form.defaultLanguage() == null ? "en" : form.defaultLanguage())
                .query(Long.class).single();
        checkPurpose(purpose);
        if (form.contents() != null) {
            writeContents(id, form.contents());
        }
        if (Boolean.TRUE.equals(form.enabled())) {
            String language = form.defaultLanguage() == null ? "en" : form.defaultLanguage();
            if (jdbc.sql("select count(*) from journey_contents where journey_id = :id and language = :l")
                    .param("id", id).param("l", language).query(Long.class).single() == 0) {
                throw new RefusedTransition("journey.noWording", "journey.language." + language);
            }
            jdbc.sql("update journeys set enabled = true where id = :id").param("id", id).update();
        }
        JourneyView journey = get(id);
        audit.record(AuditAction.CREATE, "journey", id, journey.name(), FieldChange.of(FieldChange.fields(journey,
                "kind", "name", "productId", "purchasedSince", "serviceNotice", "enabled")));
        return journey;
    }

    /** Changes what the form gives; switching on needs a wording in the default language. */
    @Transactional
    public JourneyView update(long id, JourneyForm form) {
        Permission.MARKETING.check();
        JourneyView current = get(id);
        Versions.required(form.version());
        Versions.check(form.version(), current.version());
        if (form.kind() != null && form.kind() != current.kind()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("kind", "journey.kind.fixed")));
        }
        if (form.purposeId() != null) {
            checkPurpose(form.purposeId());
        }
        if (form.productId() != null && (current.kind() != JourneyKind.PRODUCT_NOTICE
                || !products.exists(form.productId()))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("productId", "journey.product.required")));
        }
        if (form.name() != null && form.name().isBlank()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("name", "journey.name.required")));
        }
        if (Boolean.TRUE.equals(form.serviceNotice()) && current.kind() != JourneyKind.PRODUCT_NOTICE) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("serviceNotice",
                    "journey.service.onlyNotice")));
        }
        if (form.contents() != null) {
            writeContents(id, form.contents());
        }
        BigDecimal coupon = form.couponPercent() == null ? current.couponPercent()
                : form.couponPercent().signum() == 0 ? null : form.couponPercent();
        String name = form.name() == null ? jdbc.sql("select name from journeys where id = :id").param("id", id)
                .query(String.class).optional().orElse(null) : ownName(current.kind(), form.name().strip());
        boolean enabled = form.enabled() == null ? current.enabled() : form.enabled();
        String language = form.defaultLanguage() == null ? current.defaultLanguage() : form.defaultLanguage();
        if (enabled && jdbc.sql("select count(*) from journey_contents where journey_id = :id and language = :l")
                .param("id", id).param("l", language).query(Long.class).single() == 0) {
            throw new RefusedTransition("journey.noWording", "journey.language." + language);
        }
        versions.change("journeys", id, form.version()).set("""
                name = :name, enabled = :enabled, purpose_id = :purpose, delay_days = :delay, coupon_percent = :coupon,
                coupon_valid_days = :valid, product_id = :product, purchased_since = :since, default_language = :language,
                service_notice = :service, updated_at = now()""")
                .param("service", form.serviceNotice() == null ? current.serviceNotice() : form.serviceNotice())
                .param("name", name)
                .param("enabled", enabled)
                .param("purpose", form.purposeId() == null ? current.purposeId() : form.purposeId())
                .param("delay", form.delayDays() == null ? current.delayDays() : form.delayDays())
                .param("coupon", coupon)
                .param("valid", form.couponValidDays() == null ? current.couponValidDays() : form.couponValidDays())
                .param("product", form.productId() == null ? current.productId() : form.productId())
                .param("since", form.purchasedSince() == null ? current.purchasedSince() : form.purchasedSince())
                .param("language", language).notFound("journey.notFound").apply();
        JourneyView changed = get(id);
        audit.record(AuditAction.UPDATE, "journey", id, changed.name(), FieldChange.between(
                FieldChange.fields(current, AUDITED), FieldChange.fields(changed, AUDITED)));
        return changed;
    }

    /** Who the journey reached for, newest first. */
    @Transactional(readOnly = true)
    public CountedPage<JourneySend> sends(long journeyId, Pageable page) {
        get(journeyId);
        List<JourneySend> rows = jdbc.sql(SENDS + " where s.journey_id = :journey order by s.id desc "
                + "limit :limit offset :offset").param("journey", journeyId).param("limit", page.getPageSize())
                .param("offset", page.getOffset()).query(Journeys::send).list();
        return CountedPage.of(rows, page, jdbc, "from journey_sends s where s.journey_id = :journey",
                Map.of("journey", journeyId));
    }

    /** Every line of the log in contact order, for the proof file: a page at a time after {@code afterId}. */
    @Transactional(readOnly = true)
    public List<JourneySend> proof(long journeyId, long afterId, int limit) {
        return jdbc.sql(SENDS + " where s.journey_id = :journey and s.id > :after order by s.id limit :limit")
                .param("journey", journeyId).param("after", afterId).param("limit", limit)
                .query(Journeys::send).list();
    }

    /** The consent purpose a journey's messages are sent for (what its unsubscribe link withdraws). */
    @Transactional(readOnly = true)
    public java.util.Optional<Long> purposeOf(long journeyId) {
        return jdbc.sql("select purpose_id from journeys where id = :id").param("id", journeyId).query(Long.class)
                .optional();
    }

    public record Purpose(long id, String key, String labelEn, String labelPl, String labelCs) {
        public String label(String language) {
            return switch (language) {
                case "pl" -> labelPl;
                case "cs" -> labelCs;
                default -> labelEn;
            };
        }
    }

    @Transactional(readOnly = true)
    public List<Purpose> purposes() {
        return jdbc.sql("select id, key, label_en, label_pl, label_cs from consent_purposes where active order by id")
                .query((rs, n) -> new Purpose(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))).list();
    }

    private void checkPurpose(long purposeId) {
        if (!jdbc.sql("select exists (select 1 from consent_purposes where id = :id)").param("id", purposeId)
                .query(Boolean.class).single()) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("purposeId", "journey.purpose.unknown")));
        }
    }

    private void writeContents(long id, List<JourneyContent> contents) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < contents.size(); i++) {
            JourneyContent c = contents.get(i);
            if (c == null || c.language() == null || !c.language().matches("en|pl|cs") || !seen.add(c.language())) {
                errors.add("contents[" + i + "].language", "journey.language.invalid");
                continue;
            }
            if (c.subject() == null || c.subject().isBlank() || c.subject().length() > 300) {
                errors.add("contents[" + i + "].subject", "journey.subject.required");
            }
            if (c.body() == null || c.body().isBlank() || c.body().length() > 20000) {
                errors.add("contents[" + i + "].body", "journey.body.required");
            }
            for (String part : new String[] { c.subject(), c.body() }) {
                if (part == null) {
                    continue;
                }
                List<String> unknown = MergeFields.unknown(part).stream().filter(f -> !OWN_FIELDS.contains(f))
                        .toList();
                if (!unknown.isEmpty()) {
                    errors.add("contents[" + i + "]." + (part == c.subject() ? "subject" : "body"),
                            "journey.field.unknown", String.join(", ", unknown));
                }
            }
        }
        errors.throwIfAny();
        for (JourneyContent c : contents) {
            jdbc.sql("""
                    insert into journey_contents (journey_id, language, subject, body) values (:id, :l, :s, :b)
                    on conflict (journey_id, language) do update set subject = excluded.subject, body = excluded.body""")
                    .param("id", id).param("l", c.language()).param("s", c.subject().strip()).param("b", c.body())
                    .update();
        }
    }

    /**
     * A built-in journey's name as the form gives it: none of its own (the kind's name, in the reader's language) when
     * it is that name in one of the languages, else as written. A product notice keeps what it is given.
     */
    private String ownName(JourneyKind kind, String given) {
        if (kind == JourneyKind.PRODUCT_NOTICE) {
            return given;
        }
        for (java.util.Locale language : app.klient.platform.web.KlientLocaleResolver.SUPPORTED) {
            if (given.equals(messages.getMessage("journey.kind." + kind.name(), null, null, language))) {
                return null;
            }
        }
        return given;
    }

    private static final String SELECT = """
            select j.*, (select count(*) from journey_sends s where s.journey_id = j.id and s.state = 'SENT') as sent
            from journeys j""";

    private static final String SENDS = """
            select s.id, s.contact_id, concat_ws(' ', c.first_name, c.last_name) as name, s.occasion, s.state,
                   s.address, s.language, s.subject, k.code, r.document_kind, s.proof::text, s.at,
                   s.service_notice
            from journey_sends s join contacts c on c.id = s.contact_id
            left join coupons k on k.id = s.coupon_id left join coupon_redemptions r on r.coupon_id = k.id""";

    private static JourneySend send(ResultSet rs, int n) throws SQLException {
        return new JourneySend(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getTimestamp(12).toInstant(), rs.getBoolean(13));
    }

    private JourneyView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        List<JourneyContent> contents = new ArrayList<>(jdbc.sql("select language, subject, body from "
                + "journey_contents where journey_id = :id order by case language when 'en' then 0 when 'pl' then 1 "
                + "else 2 end").param("id", id).query((r, i) -> new JourneyContent(r.getString(1), r.getString(2),
                        r.getString(3))).list());
        JourneyKind kind = JourneyKind.valueOf(rs.getString("kind"));
        String name = rs.getString("name") != null ? rs.getString("name")
                : messages.getMessage("journey.kind." + kind.name(), null, kind.name(), LocaleContextHolder.getLocale());
        return new JourneyView(id, kind, name,
                rs.getBoolean("enabled"), rs.getLong("purpose_id"), rs.getInt("delay_days"),
                rs.getBigDecimal("coupon_percent"), rs.getInt("coupon_valid_days"), (Long) rs.getObject("product_id"),
                rs.getObject("purchased_since", LocalDate.class), rs.getBoolean("service_notice"),
                rs.getString("default_language"),
                List.copyOf(contents), rs.getLong("sent"),
                rs.getTimestamp("last_run_at") == null ? null : rs.getTimestamp("last_run_at").toInstant(),
                rs.getInt("version"));
    }
}
