package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.Versions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How the customer KPIs count, kept by the administrator: the days without a purchase after which a customer is
 * lost (365), what an hour of service time costs (retention cost), how many years a customer is expected to stay
 * (lifetime value) and the yearly discount rate of customer equity.
 */
@Service
public class CustomerSettings {

    /** The settings as stored, with the version a change is made from. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "CustomerKpiSettings")
    public record Settings(Integer lostAfterDays, BigDecimal serviceHourCost, Integer lifespanYears,
            BigDecimal discountPercent, Integer version) {

        /**
         * What a yearly value received at the end of each of the lifespan's years is worth today at the discount
         * rate: Σ 1 ÷ (1 + rate)^t for t = 1 … lifespan.
         */
        public BigDecimal annuityFactor() {
            BigDecimal growth = BigDecimal.ONE.add(discountPercent.movePointLeft(2));
            BigDecimal sum = BigDecimal.ZERO;
            for (int t = 1; t <= lifespanYears; t++) {
                sum = sum.add(BigDecimal.ONE.divide(growth.pow(t), MathContext.DECIMAL64));
            }
            return sum.setScale(10, RoundingMode.HALF_UP);
        }
    }

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;

    CustomerSettings(JdbcClient jdbc, Versions versions, AuditLog audit) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public Settings current() {
        return jdbc.sql("select lost_after_days, service_hour_cost, lifespan_years, discount_percent, version"
                + " from analytics_settings where id = 1")
                .query((rs, n) -> new Settings(rs.getInt(1), rs.getBigDecimal(2), rs.getInt(3), rs.getBigDecimal(4),
                        rs.getInt(5)))
                .single();
    }

    /** Only the administrator changes how every customer figure counts. */
    @Transactional
    public Settings change(Settings changed) {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "analyticsSettings.forbidden");
        }
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (changed.lostAfterDays() == null || changed.lostAfterDays() < 30 || changed.lostAfterDays() > 1825) {
            errors.add("lostAfterDays", "analyticsSettings.lostAfterDays.invalid", 30, 1825);
        }
        if (changed.serviceHourCost() == null || changed.serviceHourCost().signum() < 0
                || changed.serviceHourCost().scale() > 2
                || changed.serviceHourCost().compareTo(new BigDecimal("999999999999")) > 0) {
            errors.add("serviceHourCost", "analyticsSettings.serviceHourCost.invalid");
        }
        if (changed.lifespanYears() == null || changed.lifespanYears() < 1 || changed.lifespanYears() > 30) {
            errors.add("lifespanYears", "analyticsSettings.lifespanYears.invalid", 1, 30);
        }
        if (changed.discountPercent() == null || changed.discountPercent().signum() < 0
                || changed.discountPercent().compareTo(BigDecimal.valueOf(100)) > 0
                || changed.discountPercent().scale() > 2) {
            errors.add("discountPercent", "analyticsSettings.discountPercent.invalid");
        }
        errors.throwIfAny();
        Settings before = current();
        versions.change("analytics_settings", 1, changed.version())
                .set("lost_after_days = :days, service_hour_cost = :cost, lifespan_years = :years,"
                        + " discount_percent = :rate, updated_at = now()")
                .param("days", changed.lostAfterDays()).param("cost", changed.serviceHourCost())
                .param("years", changed.lifespanYears()).param("rate", changed.discountPercent()).apply();
        // the kept KPI figures were counted the old way: forgotten, so the next reader's are counted the new way
        jdbc.sql("delete from analytics_kpi_snapshots").update();
        Settings after = current();
        audit.record(AuditAction.UPDATE, "analyticsSettings", 1, null,
                FieldChange.between(fields(before), fields(after)));
        return after;
    }

    private static Map<String, Object> fields(Settings s) {
        return FieldChange.fields(s, "lostAfterDays", "serviceHourCost", "lifespanYears", "discountPercent");
    }
}
