package app.klient.analytics.forecast;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.analytics.KpiSql;
import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.db.StaleVersion;
import app.klient.platform.db.Versions;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sales quotas: what a salesperson or a team is expected to win in a month, in the company currency. Managers set
 * them for their teams and the teams' members, the administrator for everybody; everybody reads the ones of the
 * people whose pipeline they see (a salesperson their own). Each month's quota is a record of its own, changed from
 * the version its setter saw.
 */
@Service
public class Quotas {

    static final BigDecimal LARGEST = new BigDecimal("9999999999999999.99");

    /**
     * One month's quota of a person ({@code userId}) or a team ({@code teamId}); {@code month} as {@code 2026-03}.
     * Sent back, an amount of null removes it; {@code version} is the one read (null for a month that had none).
     */
    public record Quota(Long userId, Long teamId, String month, BigDecimal amount, Integer version) {
    }

    /** A year's quotas the reader sees, in the company currency ({@code currency} says which; ignored when sent). */
    public record Year(Integer year, String currency, List<Quota> quotas) {
    }

    private final JdbcClient jdbc;
    private final Versions versions;
    private final KpiSql sql;
    private final AuditLog audit;

    Quotas(JdbcClient jdbc, Versions versions, KpiSql sql, AuditLog audit) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.sql = sql;
        this.audit = audit;
    }

    public static int checkedYear(Integer year) {
        int chosen = year == null ? LocalDate.now().getYear() : year;
        if (chosen < 2000 || chosen > 2100) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("year", "forecast.year.invalid", "2000",
                    "2100")));
        }
        return chosen;
    }

    @Transactional(readOnly = true)
    public Year year(int year) {
        SalesScope scope = SalesScope.current(jdbc);
        List<Quota> quotas = jdbc.sql("select user_id, team_id, month, amount, version from sales_quotas"
                + " where month between :from and :to order by month, user_id nulls last, team_id")
                .param("from", Date.valueOf(LocalDate.of(year, 1, 1)))
                .param("to", Date.valueOf(LocalDate.of(year, 12, 1)))
                .query((rs, n) -> new Quota((Long) rs.getObject(1), (Long) rs.getObject(2),
                        YearMonth.from(rs.getObject(3, LocalDate.class)).toString(), rs.getBigDecimal(4),
                        rs.getInt(5)))
                .list().stream()
                .filter(q -> q.userId() != null ? scope.seesUser(q.userId()) : scope.seesTeam(q.teamId()))
                .toList();
        return new Year(year, sql.companyCurrency(), quotas);
    }

    /**
     * Sets the quotas sent (those not sent stay as they are; one sent as it is stored changes nothing), each from the
     * version its sender read: a month somebody else set or changed meanwhile answers 409 and nothing is saved.
     */
    @Transactional
    public Year save(Year changes) {
        SalesScope scope = SalesScope.current(jdbc);
        if (!scope.setsQuotas()) {
            throw new KlientException(HttpStatus.FORBIDDEN, "forecast.quota.forbidden");
        }
        int year = checkedYear(changes.year());
        List<Quota> sent = changes.quotas() == null ? List.of() : changes.quotas();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Quota q = sent.get(i);
            String at = "quotas[" + i + "]";
            if (q == null) {
                errors.add(at, "forecast.quota.required");
                months.add(null);
                continue;
            }
            if ((q.userId() == null) == (q.teamId() == null)) {
                errors.add(at + ".userId", "forecast.quota.whose");
            }
            YearMonth month = month(q.month());
            if (month == null || month.getYear() != year) {
                errors.add(at + ".month", "forecast.quota.month", String.valueOf(year));
            }
            months.add(month);
            BigDecimal amount = q.amount();
            if (amount != null && (amount.signum() < 0 || amount.scale() > 2 || amount.compareTo(LARGEST) > 0)) {
                errors.add(at + ".amount", "forecast.quota.amount");
            }
        }
        errors.throwIfAny();
        for (Quota q : sent) {
            boolean allowed = q.userId() != null ? scope.seesUser(q.userId()) : scope.seesTeam(q.teamId());
            if (!allowed) {
                throw new KlientException(HttpStatus.FORBIDDEN, "forecast.quota.notYours");
            }
        }
        checkExist(sent, errors);
        errors.throwIfAny();
        for (int i = 0; i < sent.size(); i++) {
            set(sent.get(i), months.get(i));
        }
        return year(year);
    }

    private void checkExist(List<Quota> sent, InvalidFields.Collector errors) {
        for (int i = 0; i < sent.size(); i++) {
            Quota q = sent.get(i);
            boolean person = q.userId() != null;
            boolean exists = jdbc.sql("select exists (select 1 from " + (person ? "users" : "teams")
                    + " where id = :id)").param("id", person ? q.userId() : q.teamId()).query(Boolean.class)
                    .single();
            if (!exists) {
                errors.add("quotas[" + i + "]." + (person ? "userId" : "teamId"), "forecast.quota.unknown");
            }
        }
    }

    private record Stored(long id, BigDecimal amount, int version) {
    }

    private void set(Quota q, YearMonth month) {
        String whose = q.userId() != null ? "user_id" : "team_id";
        long who = q.userId() != null ? q.userId() : q.teamId();
        Date first = Date.valueOf(month.atDay(1));
        Optional<Stored> stored = jdbc.sql("select id, amount, version from sales_quotas where " + whose
                + " = :who and month = :month").param("who", who).param("month", first)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getBigDecimal(2), rs.getInt(3))).optional();
        if (stored.isEmpty()) {
            if (q.version() != null) {
                // it was there when the sender read it: somebody removed it since
                throw new StaleVersion();
            }
            if (q.amount() == null) {
                return;
            }
            Optional<Long> added = jdbc.sql("insert into sales_quotas (" + whose + ", month, amount) values (:who,"
                    + " :month, :amount) on conflict do nothing returning id").param("who", who).param("month", first)
                    .param("amount", q.amount()).query(Long.class).optional();
            if (added.isEmpty()) {
                // somebody set the same month a moment ago
                throw new StaleVersion();
            }
            audit(AuditAction.CREATE, added.get(), q, month, null);
            return;
        }
        Stored s = stored.get();
        if (q.amount() != null && q.amount().compareTo(s.amount()) == 0 && (q.version() == null
                || q.version() == s.version())) {
            return;
        }
        if (q.version() == null) {
            // set by somebody else since the sender saw the month empty
            throw new StaleVersion();
        }
        if (q.amount() == null) {
            int removed = jdbc.sql("delete from sales_quotas where id = :id and version = :version")
                    .param("id", s.id()).param("version", q.version()).update();
            if (removed == 0) {
                throw new StaleVersion();
            }
            audit(AuditAction.DELETE, s.id(), q, month, s.amount());
            return;
        }
        versions.change("sales_quotas", s.id(), q.version()).set("amount = :amount, updated_at = now()")
                .param("amount", q.amount()).apply();
        audit(AuditAction.UPDATE, s.id(), q, month, s.amount());
    }

    private void audit(AuditAction action, long id, Quota q, YearMonth month, BigDecimal before) {
        Map<String, Object> was = new HashMap<>();
        was.put("amount", before == null ? null : before.toPlainString());
        Map<String, Object> now = new HashMap<>();
        now.put("amount", q.amount() == null ? null : q.amount().toPlainString());
        String whose = q.userId() != null ? "user " + q.userId() : "team " + q.teamId();
        audit.record(action, "salesQuota", id, whose + ", " + month, FieldChange.between(was, now));
    }

    /** The quotas of {@code months} months from {@code first}, by person or team id and month. */
    Map<Long, Map<YearMonth, BigDecimal>> between(YearMonth first, int months, boolean ofTeams) {
        Map<Long, Map<YearMonth, BigDecimal>> found = new HashMap<>();
        String whose = ofTeams ? "team_id" : "user_id";
        jdbc.sql("select " + whose + ", month, amount from sales_quotas where " + whose + " is not null"
                + " and month between :from and :to")
                .param("from", Date.valueOf(first.atDay(1)))
                .param("to", Date.valueOf(first.plusMonths(months - 1L).atDay(1)))
                .query(rs -> {
                    found.computeIfAbsent(rs.getLong(1), k -> new HashMap<>())
                            .put(YearMonth.from(rs.getObject(2, LocalDate.class)), rs.getBigDecimal(3));
                });
        return found;
    }

    static YearMonth month(String text) {
        if (text == null || !text.strip().matches("[0-9]{4}-[0-9]{2}")) {
            return null;
        }
        try {
            return YearMonth.parse(text.strip());
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }
}
