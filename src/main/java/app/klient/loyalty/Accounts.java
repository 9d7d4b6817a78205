package app.klient.loyalty;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.Seller;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' accounts as people read them (balance, tier, what expires when, history), and the manual adjustment:
 * administrators and managers add or take away points with a reason, written to the ledger and the audit log in one
 * transaction.
 */
@Service
public class Accounts {

    private final JdbcClient jdbc;
    private final Points points;
    private final AuditLog audit;
    private final Seller seller;

    Accounts(JdbcClient jdbc, Points points, AuditLog audit, Seller seller) {
        this.jdbc = jdbc;
        this.points = points;
        this.audit = audit;
        this.seller = seller;
    }

    /** The customer's accounts, one per program they take part in. */
    @Transactional(readOnly = true)
    public List<AccountView> of(Points.Customer customer) {
        String column = customer.companyId() != null ? "company_id" : "contact_id";
        long id = customer.companyId() != null ? customer.companyId() : customer.contactId();
        return jdbc.sql(SELECT + " where a." + column + " = :id order by p.active desc, p.id").param("id", id)
                .query(this::view).list();
    }

    @Transactional(readOnly = true)
    public AccountView get(long accountId) {
        return jdbc.sql(SELECT + " where a.id = :id").param("id", accountId).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.account.notFound"));
    }

    /** A balance and tier read. */
    public record Balance(long accountId, int balance, String tier) {
    }

    /**
     * The quick read: one statement, the account by its key, its last ledger row by {@code (account_id, id desc)}
     * and its tier by its key, whatever the length of the ledger.
     */
    @Transactional(readOnly = true)
    public Balance balance(long accountId) {
        return jdbc.sql("""
                select a.id, coalesce((select l.balance_after from loyalty_ledger l where l.account_id = a.id
                                       order by l.id desc limit 1), 0),
                       coalesce(nullif(%s, ''), t.name_en)
                from loyalty_accounts a left join loyalty_tiers t on t.id = a.tier_id
                where a.id = :id""".formatted(tierColumn())).param("id", accountId)
                .query((rs, n) -> new Balance(rs.getLong(1), rs.getInt(2), rs.getString(3))).optional()
                .orElseThrow(() -> KlientException.notFound("loyalty.account.notFound"));
    }

    @Transactional(readOnly = true)
    public Page<Points.Entry> history(long accountId, Pageable page) {
        exists(accountId);
        return points.history(accountId, page);
    }

    private void exists(long accountId) {
        if (!jdbc.sql("select exists (select 1 from loyalty_accounts where id = :id)").param("id", accountId)
                .query(Boolean.class).single()) {
            throw KlientException.notFound("loyalty.account.notFound");
        }
    }

    /**
     * Adds or takes away points by hand. The reason is required; points added expire like earned ones (the
     * program's months from today); taking away more than the balance is refused.
     */
    @Transactional
    public Points.Entry adjust(long accountId, AdjustmentForm form) {
        checkAdjuster();
        AccountView account = get(accountId);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form.points() == null || form.points() == 0) {
            errors.add("points", "loyalty.adjust.points");
        }
        if (form.reason() == null || form.reason().isBlank()) {
            errors.add("reason", "loyalty.adjust.reason");
        }
        errors.throwIfAny();
        Integer months = jdbc.sql("select expire_months from loyalty_programs where id = :id")
                .param("id", account.programId()).query(Integer.class).optional().orElse(null);
        LocalDate expires = form.points() > 0 && months != null ? LocalDate.now(seller.get().zone()).plusMonths(months)
                : null;
        Points.Entry entry = points.post(accountId, new Points.Posting(Points.Kind.ADJUSTED, form.points(), expires,
                null, null, form.reason().strip(), CurrentUser.id())).orElseThrow();
        audit.record(AuditAction.UPDATE, "loyalty_account", accountId, account.programName() + ": "
                + (form.points() > 0 ? "+" : "") + form.points(), FieldChange.between(
                        Map.of("balance", entry.balanceAfter() - entry.points()),
                        Map.of("balance", entry.balanceAfter(), "reason", form.reason().strip())));
        return entry;
    }

    /** Administrators and managers adjust points; refused before anything is read. */
    public static void checkAdjuster() {
        if (!CurrentUser.hasRole(Role.ADMIN, Role.MANAGER)) {
            throw new KlientException(HttpStatus.FORBIDDEN, "loyalty.adjust.forbidden");
        }
    }

    private static final String SELECT = """
            select a.id, a.program_id, p.name, a.company_id, a.contact_id, a.joined_at
            from loyalty_accounts a join loyalty_programs p on p.id = a.program_id""";

    private AccountView view(ResultSet rs, int n) throws SQLException {
        long id = rs.getLong(1);
        return new AccountView(id, rs.getLong(2), rs.getString(3), (Long) rs.getObject(4), (Long) rs.getObject(5),
                points.balance(id), tier(id), points.expiring(id), rs.getTimestamp(6).toInstant());
    }

    /** The tier's name in the reader's language (English where a translation is missing). */
    private String tier(long accountId) {
        return jdbc.sql("select coalesce(nullif(" + tierColumn() + ", ''), t.name_en) from loyalty_accounts a "
                + "join loyalty_tiers t on t.id = a.tier_id where a.id = :id").param("id", accountId)
                .query(String.class).optional().orElse(null);
    }

    /** The tier name's column in the reader's language. */
    private static String tierColumn() {
        return switch (LocaleContextHolder.getLocale().getLanguage()) {
            case "pl" -> "t.name_pl";
            case "cs" -> "t.name_cs";
            default -> "t.name_en";
        };
    }
}
