package app.klient.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.catalog.ExchangeRates;
import app.klient.catalog.Products;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.identity.TeamRef;
import app.klient.identity.UserSummary;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Commissions on paid invoices. An invoice counts in the month it became fully paid, for its owner; its corrections
 * count with it, so a returned item lowers the commission it earned. Foreign-currency amounts are converted at the
 * invoice's own rate. Salespeople see their own statement, managers and administrators everybody's.
 */
@Service
public class Commissions {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final JdbcClient jdbc;
    private final Users users;
    private final Products products;
    private final String companyCurrency;
    private final AuditLog audit;

    Commissions(JdbcClient jdbc, Users users, Products products, ExchangeRates rates, AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.users = users;
        this.products = products;
        this.companyCurrency = rates.companyCurrency();
    }

    @Transactional(readOnly = true)
    public List<CommissionRule> rules() {
        return jdbc.sql("select id, user_id, team_id, category, percent, version from commission_rules where active "
                + "order by user_id nulls last, team_id, category nulls first")
                .query((rs, n) -> new CommissionRule(rs.getLong(1), (Long) rs.getObject(2), (Long) rs.getObject(3),
                        rs.getString(4), rs.getBigDecimal(5), rs.getInt(6)))
                .list();
    }

    @Transactional
    public CommissionRule define(CommissionRule rule) {
        checkAdmin();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if ((rule.userId() == null) == (rule.teamId() == null)) {
            errors.add("userId", "commission.whom");
        }
        if (rule.userId() != null && !users.isActive(rule.userId())) {
            errors.add("userId", "customer.owner.invalid");
        }
        errors.throwIfAny();
        String category = rule.category() == null || rule.category().isBlank() ? null : rule.category().strip();
        // one rule per person or team and category: defining it again changes it
        jdbc.sql("""
                update commission_rules set active = false, version = version + 1
                where active and user_id is not distinct from :user and team_id is not distinct from :team
                  and category is not distinct from :category""").param("user", rule.userId())
                .param("team", rule.teamId()).param("category", category).update();
        long id = jdbc.sql("""
                insert into commission_rules (user_id, team_id, category, percent) values (:user, :team, :category,
                    :percent) returning id""").param("user", rule.userId()).param("team", rule.teamId())
                .param("category", category).param("percent", rule.percent().setScale(2, RoundingMode.HALF_UP))
                .query(Long.class).single();
        Map<String, Object> fields = new HashMap<>();
        fields.put("userId", rule.userId());
        fields.put("teamId", rule.teamId());
        fields.put("category", category);
        fields.put("percent", rule.percent().setScale(2, RoundingMode.HALF_UP).toPlainString());
        audit.record(AuditAction.CREATE, "commissionRule", id, null, FieldChange.of(new java.util.TreeMap<>(fields)));
        return rules().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    @Transactional
    public void retire(long id) {
        checkAdmin();
        if (jdbc.sql("update commission_rules set active = false, version = version + 1 where id = :id and active")
                .param("id", id)
                .update() == 0) {
            throw KlientException.notFound("commission.notFound");
        }
        audit.record(AuditAction.DELETE, "commissionRule", id, null, List.of());
    }

    /** Every active salesperson's commission for a month, for the manager's comparison. */
    @Transactional(readOnly = true)
    public List<CommissionStatement> team(YearMonth month) {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "commission.forbidden");
        }
        return users.activeUsers().stream().filter(u -> u.role() == Role.SALES || u.role() == Role.MANAGER)
                .map(u -> statement(u.id(), month)).toList();
    }

    @Transactional(readOnly = true)
    public CommissionStatement statement(long userId, YearMonth month) {
        if (CurrentUser.id() != userId && !CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "commission.forbidden");
        }
        UserSummary user = users.get(userId);
        Set<Long> teams = user.teams().stream().map(TeamRef::id).collect(Collectors.toSet());
        List<CommissionRule> rules = rules().stream().filter(r -> Objects.equals(r.userId(), userId)
                || (r.teamId() != null && teams.contains(r.teamId()))).toList();
        ZoneId zone = ZoneId.of(user.timeZone());
        record Paid(long id, String number, LocalDate paidOn, BigDecimal rate) {
        }
        List<Paid> paid = jdbc.sql("""
                select id, number, paid_at, exchange_rate from invoices
                where kind = 'INVOICE' and owner_id = :user and paid_at >= :from and paid_at < :to
                order by paid_at, id""").param("user", userId)
                .param("from", java.sql.Timestamp.from(month.atDay(1).atStartOfDay(zone).toInstant()))
                .param("to", java.sql.Timestamp.from(month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant()))
                .query((rs, n) -> new Paid(rs.getLong(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant().atZone(zone).toLocalDate(), rs.getBigDecimal(4)))
                .list();
        Map<Long, String> categories = new HashMap<>();
        List<CommissionStatement.Row> rows = new ArrayList<>();
        for (Paid invoice : paid) {
            List<Object[]> lines = jdbc.sql("""
                    select l.product_id, l.description, l.net_amount from invoice_lines l join invoices i
                      on i.id = l.invoice_id
                    where i.id = :id or i.corrects_id = :id order by i.id, l.position""").param("id", invoice.id())
                    .query((rs, n) -> new Object[] { rs.getObject(1), rs.getString(2), rs.getBigDecimal(3) }).list();
            for (Object[] line : lines) {
                Long product = (Long) line[0];
                String category = product == null ? null
                        : categories.computeIfAbsent(product, p -> products.get(p).category());
                BigDecimal base = ((BigDecimal) line[2]).multiply(invoice.rate() == null ? BigDecimal.ONE
                        : invoice.rate()).setScale(2, RoundingMode.HALF_UP);
                BigDecimal percent = percent(rules, userId, category);
                rows.add(new CommissionStatement.Row(invoice.id(), invoice.number(), invoice.paidOn(),
                        (String) line[1], category, base, percent,
                        base.multiply(percent).divide(HUNDRED, 2, RoundingMode.HALF_UP)));
            }
        }
        return new CommissionStatement(userId, user.name(), month, companyCurrency, rows,
                rows.stream().map(CommissionStatement.Row::base).reduce(BigDecimal.ZERO, BigDecimal::add),
                rows.stream().map(CommissionStatement.Row::commission).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** The most specific rule: the person's for the category, the person's, the team's for it, the team's. */
    static BigDecimal percent(List<CommissionRule> rules, long userId, String category) {
        return rules.stream().filter(r -> r.category() == null || r.category().equalsIgnoreCase(
                category == null ? "" : category))
                .min(java.util.Comparator.comparingInt((CommissionRule r) -> (Objects.equals(r.userId(), userId) ? 0
                        : 2) + (r.category() != null ? 0 : 1)))
                .map(CommissionRule::percent).orElse(BigDecimal.ZERO);
    }

    private static void checkAdmin() {
        if (!CurrentUser.hasRole(Role.ADMIN)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "commission.forbidden");
        }
    }
}
