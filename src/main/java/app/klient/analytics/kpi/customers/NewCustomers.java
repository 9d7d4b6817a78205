package app.klient.analytics.kpi.customers;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import app.klient.analytics.Kpi;
import app.klient.analytics.KpiDimension;
import app.klient.analytics.KpiFilters;
import app.klient.analytics.KpiGroup;
import app.klient.analytics.KpiRecord;
import app.klient.analytics.KpiSql;
import app.klient.analytics.KpiUnit;
import app.klient.analytics.Measure;
import app.klient.platform.Period;
import app.klient.platform.web.CountedPage;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * New customers: companies and private customers (contacts without a company) whose first invoice — the first one
 * issued to them, corrections aside — is dated within the period. Filtered by the customer's owner (and that owner's
 * team), country and segment.
 */
@Component
class NewCustomers implements Kpi {

    /** Each customer's first invoice day, with the customer's owner, country and name. */
    static final String FIRSTS = """
            select 'company' as kind, co.id, co.name, co.owner_id, co.country, co.id as company_id,
                   null::bigint as contact_id, f.first_day
            from (select company_id, min(issue_date) first_day from invoices
                  where kind = 'INVOICE' and company_id is not null group by company_id) f
            join companies co on co.id = f.company_id
            union all
            select 'contact', c.id, trim(concat_ws(' ', c.first_name, c.last_name)), c.owner_id, c.country, null,
                   c.id, f.first_day
            from (select contact_id, min(issue_date) first_day from invoices
                  where kind = 'INVOICE' and company_id is null and contact_id is not null group by contact_id) f
            join contacts c on c.id = f.contact_id""";

    private final JdbcClient jdbc;
    private final KpiSql sql;

    NewCustomers(JdbcClient jdbc, KpiSql sql) {
        this.jdbc = jdbc;
        this.sql = sql;
    }

    @Override
    public String id() {
        return "new-customers";
    }

    @Override
    public KpiGroup group() {
        return KpiGroup.CUSTOMERS;
    }

    @Override
    public KpiUnit unit() {
        return KpiUnit.COUNT;
    }

    @Override
    public Set<KpiDimension> dimensions() {
        return EnumSet.of(KpiDimension.OWNER, KpiDimension.TEAM, KpiDimension.COUNTRY, KpiDimension.SEGMENT);
    }

    private KpiSql.Where where(KpiFilters filters, List<Period> periods) {
        KpiSql.Where where = sql.where(periods);
        sql.owner(where, filters, "f.owner_id");
        sql.country(where, filters, "f.country");
        sql.segment(where, filters, "f.contact_id", "f.company_id");
        return where;
    }

    @Override
    public List<Measure> measure(KpiFilters filters, List<Period> periods, ZoneId zone) {
        KpiSql.Where where = where(filters, periods);
        Map<Integer, Measure> found = KpiSql.byNumber();
        jdbc.sql("select p.n, count(*) from (" + FIRSTS + ") f join " + KpiSql.PERIODS
                + " on f.first_day between p.from_day and p.to_day where " + where.sql() + " group by p.n")
                .params(where.params())
                .query(rs -> {
                    found.put(rs.getInt(1), Measure.of(rs.getLong(2)));
                });
        return KpiSql.inOrder(periods.size(), found, Measure.of(BigDecimal.ZERO));
    }

    @Override
    public CountedPage<KpiRecord> records(KpiFilters filters, Period period, ZoneId zone, Pageable page) {
        KpiSql.Where where = where(filters, List.of(period));
        String from = "from (" + FIRSTS + ") f join " + KpiSql.PERIODS
                + " on f.first_day between p.from_day and p.to_day where " + where.sql();
        List<KpiRecord> rows = jdbc.sql("select f.kind, f.id, f.name, f.first_day " + from
                + " order by f.first_day desc, f.id desc limit :kLimit offset :kOffset").params(where.params())
                .param("kLimit", page.getPageSize()).param("kOffset", page.getOffset())
                .query((rs, n) -> new KpiRecord("kpi.record." + rs.getString(1), rs.getLong(2), rs.getString(3),
                        ("company".equals(rs.getString(1)) ? "/companies/" : "/contacts/") + rs.getLong(2),
                        rs.getObject(4, java.time.LocalDate.class), null, null, "kpi.new-customers.note", null))
                .list();
        return CountedPage.of(rows, page, jdbc, from, where.params());
    }
}
