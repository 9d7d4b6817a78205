package app.klient.loyalty;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.catalog.Products;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.marketing.Campaigns;
import app.klient.marketing.Segments;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The loyalty programs the administrator defines: what earns points, who takes part, when points expire, and the
 * earning rules. Everybody reads them; only administrators change them, and every change is audited.
 */
@Service
public class Programs {

    private static final String[] AUDITED = { "name", "active", "earnOn", "participation", "segmentId",
        "expireMonths", "earnFrom", "noticeDays" };

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;
    private final Segments segments;
    private final Products products;
    private final Campaigns campaigns;

    Programs(JdbcClient jdbc, Versions versions, AuditLog audit, Segments segments, Products products,
            Campaigns campaigns) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        this.segments = segments;
        this.products = products;
        this.campaigns = campaigns;
    }

    /** Administrators only: refused before anything is read, so a refusal says nothing about what exists. */
    public static void checkAdministrator() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "loyalty.forbidden");
        }
    }

    @Transactional(readOnly = true)
    public List<ProgramView> list() {
        return jdbc.sql(SELECT + " order by p.active desc, lower(p.name), p.id").query(this::view).list();
    }

    /** The programs that earn now, for the job. */
    @Transactional(readOnly = true)
    public List<ProgramView> active() {
        return jdbc.sql(SELECT + " where p.active order by p.id").query(this::view).list();
    }

    @Transactional(readOnly = true)
    public ProgramView get(long id) {
        return jdbc.sql(SELECT + " where p.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.program.notFound"));
    }

    @Transactional
    public ProgramView create(ProgramForm form) {
        checkAdministrator();
        String participation = form.participation() == null ? "ALL" : form.participation();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.name() == null || form.name().isBlank()) {
            errors.add("name", "loyalty.program.name.required");
        }
        else if (taken(form.name(), null)) {
            errors.add("name", "loyalty.program.name.taken");
        }
        checkSegment(participation, form.segmentId(), errors);
        errors.throwIfAny();
        long id = jdbc.sql("""
                insert into loyalty_programs (name, active, earn_on, participation, segment_id, expire_months,
                                              earn_from, notice_days)
                values (:name, :active, :earnOn, :participation, :segment, :expire, :from, :notice) returning id""")
                .param("name", form.name().strip()).param("active", !Boolean.FALSE.equals(form.active()))
                .param("earnOn", form.earnOn() == null ? "INVOICE_PAID" : form.earnOn())
                .param("participation", participation)
                .param("segment", "SEGMENT".equals(participation) ? form.segmentId() : null)
                .param("expire", form.expireMonths() == null || form.expireMonths() == 0 ? null : form.expireMonths())
                .param("from", form.earnFrom() == null ? LocalDate.now() : form.earnFrom())
                .param("notice", form.noticeDays() == null ? 30 : form.noticeDays())
                .query(Long.class).single();
        ProgramView made = get(id);
        audit.record(AuditAction.CREATE, "loyalty_program", id, made.name(),
                FieldChange.of(FieldChange.fields(made, AUDITED)));
        return made;
    }

    /** Changes what the form gives; what it leaves out stays. */
    @Transactional
    public ProgramView update(long id, ProgramForm form) {
        checkAdministrator();
        Versions.required(form.version());
        ProgramView current = get(id);
        String participation = form.participation() == null ? current.participation() : form.participation();
        Long segment = form.segmentId() != null ? form.segmentId() : current.segmentId();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.name() != null && form.name().isBlank()) {
            errors.add("name", "loyalty.program.name.required");
        }
        else if (form.name() != null && taken(form.name(), id)) {
            errors.add("name", "loyalty.program.name.taken");
        }
        checkSegment(participation, segment, errors);
        errors.throwIfAny();
        Integer expire = form.expireMonths() == null ? current.expireMonths()
                : form.expireMonths() == 0 ? null : form.expireMonths();
        versions.change("loyalty_programs", id, form.version()).set("""
                name = :name, active = :active, earn_on = :earnOn, participation = :participation,
                segment_id = :segment, expire_months = :expire, earn_from = :from, notice_days = :notice,
                updated_at = now()""")
                .param("name", form.name() == null ? current.name() : form.name().strip())
                .param("active", form.active() == null ? current.active() : form.active())
                .param("earnOn", form.earnOn() == null ? current.earnOn() : form.earnOn())
                .param("participation", participation)
                .param("segment", "SEGMENT".equals(participation) ? segment : null)
                .param("expire", expire)
                .param("from", form.earnFrom() == null ? current.earnFrom() : form.earnFrom())
                .param("notice", form.noticeDays() == null ? current.noticeDays() : form.noticeDays())
                .notFound("loyalty.program.notFound").apply();
        ProgramView changed = get(id);
        audit.record(AuditAction.UPDATE, "loyalty_program", id, changed.name(), FieldChange.between(
                FieldChange.fields(current, AUDITED), FieldChange.fields(changed, AUDITED)));
        return changed;
    }

    /** Adds a rule; what it earns counts for purchases the job has not yet looked at. */
    @Transactional
    public RuleView addRule(long programId, RuleForm form) {
        checkAdministrator();
        ProgramView program = get(programId);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String kind = form.kind() == null ? "" : form.kind();
        switch (kind) {
            case "RATE" -> {
                require(errors, form.currency(), "currency");
                require(errors, form.perAmount(), "perAmount");
                require(errors, form.points(), "points");
                if (form.currency() != null && java.util.Currency.getAvailableCurrencies().stream()
                        .noneMatch(c -> c.getCurrencyCode().equals(form.currency()))) {
                    // only ISO 4217 codes: a rate of an invented currency would never earn
                    errors.add("currency", "loyalty.rule.currency.unknown", form.currency());
                }
                else if (form.currency() != null && program.rules().stream()
                        .anyMatch(r -> "RATE".equals(r.kind()) && form.currency().equals(r.currency()))) {
                    errors.add("currency", "loyalty.rule.rateTaken", form.currency());
                }
            }
            case "PRODUCT" -> {
                require(errors, form.multiplier(), "multiplier");
                if (form.productId() == null || !products.exists(form.productId())) {
                    errors.add("productId", "loyalty.rule.productId");
                }
                else if (program.rules().stream().anyMatch(r -> "PRODUCT".equals(r.kind())
                        && form.productId().equals(r.productId()))) {
                    errors.add("productId", "loyalty.rule.taken");
                }
            }
            case "CATEGORY" -> {
                require(errors, form.multiplier(), "multiplier");
                require(errors, blank(form.category()), "category");
                if (form.category() != null && program.rules().stream().anyMatch(r -> "CATEGORY".equals(r.kind())
                        && r.category().equalsIgnoreCase(form.category().strip()))) {
                    errors.add("category", "loyalty.rule.taken");
                }
            }
            case "CAMPAIGN" -> {
                require(errors, form.multiplier(), "multiplier");
                require(errors, form.validFrom(), "validFrom");
                require(errors, form.validTo(), "validTo");
                if ((form.productId() == null) == (blank(form.category()) == null)) {
                    errors.add("productId", "loyalty.rule.productOrCategory");
                }
                else if (form.productId() != null && !products.exists(form.productId())) {
                    errors.add("productId", "loyalty.rule.productId");
                }
                if (form.validFrom() != null && form.validTo() != null && form.validTo().isBefore(form.validFrom())) {
                    errors.add("validTo", "loyalty.rule.periodOrder");
                }
                if (form.campaignId() != null && !campaignExists(form.campaignId())) {
                    errors.add("campaignId", "loyalty.rule.campaignId");
                }
            }
            case "BIRTHDAY", "FIRST_PURCHASE" -> {
                require(errors, "BIRTHDAY".equals(kind) ? form.multiplier() : form.points(),
                        "BIRTHDAY".equals(kind) ? "multiplier" : "points");
                if (program.rules().stream().anyMatch(r -> kind.equals(r.kind()))) {
                    errors.add("kind", "loyalty.rule.taken");
                }
            }
            default -> errors.add("kind", "loyalty.rule.kindUnknown");
        }
        errors.throwIfAny();
        boolean product = List.of("PRODUCT", "CAMPAIGN").contains(kind);
        boolean category = List.of("CATEGORY", "CAMPAIGN").contains(kind) && form.productId() == null;
        long id = jdbc.sql("""
                insert into loyalty_rules (program_id, kind, currency, per_amount, points, product_id, category,
                                           multiplier, valid_from, valid_to, campaign_id)
                values (:program, :kind, :currency, :per, :points, :product, :category, :multiplier, :from, :to,
                        :campaign) returning id""")
                .param("program", programId).param("kind", kind)
                .param("currency", "RATE".equals(kind) ? form.currency() : null)
                .param("per", "RATE".equals(kind) ? form.perAmount() : null)
                .param("points", List.of("RATE", "FIRST_PURCHASE").contains(kind) ? form.points() : null)
                .param("product", product ? form.productId() : null)
                .param("category", category ? blank(form.category()) : null)
                .param("multiplier", List.of("RATE", "FIRST_PURCHASE").contains(kind) ? null : form.multiplier())
                .param("from", "CAMPAIGN".equals(kind) ? form.validFrom() : null)
                .param("to", "CAMPAIGN".equals(kind) ? form.validTo() : null)
                .param("campaign", "CAMPAIGN".equals(kind) ? form.campaignId() : null)
                .query(Long.class).single();
        RuleView rule = rules(programId).stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        audit.record(AuditAction.CREATE, "loyalty_rule", id, program.name() + ": " + kind,
                FieldChange.of(FieldChange.fields(rule, "kind", "currency", "perAmount", "points", "productId",
                        "category", "multiplier", "validFrom", "validTo", "campaignId")));
        return rule;
    }

    /** Removes a rule: what it earned stays in the ledger; purchases looked at later earn without it. */
    @Transactional
    public void removeRule(long ruleId) {
        checkAdministrator();
        Map<String, Object> rule = jdbc.sql("""
                select r.program_id, r.kind, p.name from loyalty_rules r join loyalty_programs p on p.id = r.program_id
                where r.id = :id""").param("id", ruleId).query().singleRow();
        jdbc.sql("delete from loyalty_rules where id = :id").param("id", ruleId).update();
        audit.record(AuditAction.DELETE, "loyalty_rule", ruleId, rule.get("name") + ": " + rule.get("kind"),
                List.of());
    }

    @Transactional(readOnly = true)
    public boolean ruleExists(long ruleId) {
        return jdbc.sql("select exists (select 1 from loyalty_rules where id = :id)").param("id", ruleId)
                .query(Boolean.class).single();
    }

    @Transactional(readOnly = true)
    public List<RuleView> rules(long programId) {
        return jdbc.sql("""
                select id, kind, currency, per_amount, points, product_id, category, multiplier, valid_from, valid_to,
                       campaign_id
                from loyalty_rules where program_id = :program
                order by array_position(array['RATE', 'PRODUCT', 'CATEGORY', 'CAMPAIGN', 'BIRTHDAY',
                                              'FIRST_PURCHASE']::varchar[], kind), currency, id""")
                .param("program", programId).query(Programs::rule).list();
    }

    private boolean campaignExists(long id) {
        try {
            campaigns.get(id);
            return true;
        }
        catch (KlientException e) {
            return false;
        }
    }

    private void checkSegment(String participation, Long segmentId, InvalidFields.Collector errors) {
        if ("SEGMENT".equals(participation) && (segmentId == null || segments.name(segmentId).isEmpty())) {
            errors.add("segmentId", "loyalty.program.segment.required");
        }
    }

    private boolean taken(String name, Long except) {
        return jdbc.sql("select exists (select 1 from loyalty_programs where lower(name) = lower(:name) "
                + "and id <> coalesce(:except, -1))").param("name", name.strip()).param("except", except)
                .query(Boolean.class).single();
    }

    private static void require(InvalidFields.Collector errors, Object value, String field) {
        if (value == null) {
            errors.add(field, "loyalty.rule." + field + ".required");
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static final String SELECT = """
            select p.*, (select count(*) from loyalty_accounts a where a.program_id = p.id) as accounts
            from loyalty_programs p""";

    private ProgramView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong("id");
        return new ProgramView(id, rs.getString("name"), rs.getBoolean("active"), rs.getString("earn_on"),
                rs.getString("participation"), (Long) rs.getObject("segment_id"),
                (Integer) rs.getObject("expire_months"), rs.getObject("earn_from", LocalDate.class),
                rs.getInt("notice_days"), rs.getLong("accounts"), rules(id), rs.getInt("version"));
    }

    private static RuleView rule(ResultSet rs, int n) throws SQLException {
        return new RuleView(rs.getLong("id"), rs.getString("kind"), rs.getString("currency"),
                rs.getBigDecimal("per_amount"), (Integer) rs.getObject("points"), (Long) rs.getObject("product_id"),
                rs.getString("category"), (BigDecimal) rs.getObject("multiplier"),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                (Long) rs.getObject("campaign_id"));
    }
}
