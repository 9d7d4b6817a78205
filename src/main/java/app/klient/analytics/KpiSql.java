package app.klient.analytics;

import java.sql.Date;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.catalog.ExchangeRates;
import app.klient.customers.ContactCondition;
import app.klient.customers.ContactSegments;
import app.klient.platform.Period;
import org.springframework.stereotype.Component;

/**
 * The pieces every KPI's SQL is made of, written once: the periods as a derived table to join on (so one query
 * answers the period, the one before, the year before or each month of a trend), an amount in the company currency,
 * and the filters on the columns a KPI has. Parameters are prefixed {@code k} so a KPI's own do not collide.
 */
@Component
public class KpiSql {

    /**
     * The periods as {@code p(from_day, to_day, n)}, {@code n} from 1 in the order given: {@code join ... on
     * <day> between p.from_day and p.to_day}.
     */
    public static final String PERIODS = "unnest(cast(:kFroms as date[]), cast(:kTos as date[])) with ordinality"
            + " as p(from_day, to_day, n)";

    private final ContactSegments segments;
    private final String companyCurrency;

    KpiSql(ContactSegments segments, ExchangeRates rates) {
        this.segments = segments;
        this.companyCurrency = rates.companyCurrency();
    }

    public String companyCurrency() {
        return companyCurrency;
    }

    /**
     * {@code amount} in the company currency at the newest rate entered on or before {@code day} (SQL expressions);
     * null when there is no rate for a foreign currency, so a sum leaves it out rather than count it at par.
     */
    public static String inCompanyCurrency(String amount, String currency, String day) {
        return "(" + amount + " * case when " + currency + " = :kCompanyCurrency then 1 else (select kx.rate from"
                + " exchange_rates kx where kx.currency = " + currency + " and kx.valid_from <= " + day
                + " order by kx.valid_from desc limit 1) end)";
    }

    /**
     * The name of the product {@code alias} in the language {@code :kLanguage} (its Polish or Czech name where it has
     * one, else its name), as analytics pages list and group products.
     */
    public static String productName(String alias) {
        return "coalesce(nullif(trim(case :kLanguage when 'pl' then " + alias + ".name_pl when 'cs' then " + alias
                + ".name_cs end), ''), " + alias + ".name)";
    }

    /** A condition and its parameters, grown filter by filter. */
    public static final class Where {

        private final StringBuilder sql = new StringBuilder("true");
        private final Map<String, Object> params = new LinkedHashMap<>();

        public Where and(String condition) {
            sql.append(" and (").append(condition).append(')');
            return this;
        }

        public Where param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        public String sql() {
            return sql.toString();
        }

        public Map<String, Object> params() {
            return params;
        }
    }

    /** A new condition with the periods and the company currency as parameters. */
    public Where where(List<Period> periods) {
        Where where = new Where().param("kCompanyCurrency", companyCurrency);
        Date[] froms = new Date[periods.size()];
        Date[] tos = new Date[periods.size()];
        for (int i = 0; i < periods.size(); i++) {
            froms[i] = Date.valueOf(periods.get(i).from());
            tos[i] = Date.valueOf(periods.get(i).to());
        }
        return where.param("kFroms", froms).param("kTos", tos);
    }

    /** The owner filter on {@code owner} (a user id column), and the team filter as "owned by one of its members". */
    public void owner(Where where, KpiFilters filters, String owner) {
        if (filters.ownerId() != null) {
            where.and(owner + " = :kOwner").param("kOwner", filters.ownerId());
        }
        if (filters.teamId() != null) {
            where.and("exists (select 1 from user_teams kt where kt.user_id = " + owner + " and kt.team_id = :kTeam)")
                    .param("kTeam", filters.teamId());
        }
    }

    /**
     * The segment filter: the record's contact is in the segment, or (for a record of a company) one of the
     * company's contacts is. Either column may be null when the record has no such column.
     */
    public void segment(Where where, KpiFilters filters, String contact, String company) {
        if (filters.segmentId() == null) {
            return;
        }
        ContactCondition condition = segments.condition(filters.segmentId());
        List<String> either = new ArrayList<>();
        if (contact != null) {
            either.add(contact + " in (select c.id from contacts c where " + condition.sql() + ")");
        }
        if (company != null) {
            either.add(company + " in (select c.company_id from contacts c where c.company_id is not null and "
                    + condition.sql() + ")");
        }
        where.and(String.join(" or ", either));
        condition.params().forEach(where::param);
    }

    /** The country filter on an expression giving the customer's ISO country code. */
    public void country(Where where, KpiFilters filters, String country) {
        if (filters.country() != null) {
            where.and(country + " = :kCountry").param("kCountry", filters.country());
        }
    }

    /** The currency filter on a document's currency column. */
    public void currency(Where where, KpiFilters filters, String currency) {
        if (filters.currency() != null) {
            where.and(currency + " = :kCurrency").param("kCurrency", filters.currency());
        }
    }

    /** The pipeline filter on a deal's pipeline column. */
    public void pipeline(Where where, KpiFilters filters, String pipeline) {
        if (filters.pipelineId() != null) {
            where.and(pipeline + " = :kPipeline").param("kPipeline", filters.pipelineId());
        }
    }

    /** The product filter: {@code lines} is a subquery condition naming {@code :kProduct}, e.g. an exists. */
    public void product(Where where, KpiFilters filters, String lines) {
        if (filters.productId() != null) {
            where.and(lines).param("kProduct", filters.productId());
        }
    }

    /** Measures by period number (1-based, as {@code p.n}) into a list in the periods' order, {@code missing} for gaps. */
    public static List<Measure> inOrder(int periods, Map<Integer, Measure> byNumber, Measure missing) {
        List<Measure> measures = new ArrayList<>();
        for (int n = 1; n <= periods; n++) {
            measures.add(byNumber.getOrDefault(n, missing));
        }
        return measures;
    }

    /** A map to fill by period number. */
    public static Map<Integer, Measure> byNumber() {
        return new HashMap<>();
    }
}
