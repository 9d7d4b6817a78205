package app.klient.customers.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import app.klient.customers.CompanyRow;
import app.klient.customers.ContactRow;
import app.klient.customers.CustomFieldDefinition;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerQuery;
import app.klient.customers.CustomerType;
import app.klient.customers.LifecycleStage;
import app.klient.identity.CurrentUser;
import app.klient.identity.Users;
import app.klient.platform.InvalidFields;
import app.klient.platform.SearchText;
import app.klient.platform.web.CountedPage;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The company and contact lists in plain SQL: every filter is a condition one of the indexes of V005 serves, the
 * order is one of the indexed orders, and the total is counted only up to {@link CountedPage#COUNT_LIMIT}.
 */
@Component
public class CustomerLists {

    /** The sorts a list offers, by API name, with their SQL (each has an index). */
    public static final Map<String, String> COMPANY_SORTS = Map.of("name", "lower(c.name) %s, c.id %s",
            "createdAt", "c.created_at %s, c.id %s", "updatedAt", "c.updated_at %s, c.id %s");
    public static final Map<String, String> CONTACT_SORTS = Map.of(
            "name", "lower(c.last_name) %s, lower(c.first_name) %s, c.id %s",
            "createdAt", "c.created_at %s, c.id %s", "updatedAt", "c.updated_at %s, c.id %s");

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final Users users;
    private final CustomFields customFields;

    CustomerLists(JdbcClient jdbc, javax.sql.DataSource dataSource, Users users, CustomFields customFields) {
        this.jdbc = jdbc;
        // inside a transaction PostgreSQL then sends the rows of an export in batches instead of all at once
        org.springframework.jdbc.core.JdbcTemplate template = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        template.setFetchSize(500);
        this.streaming = JdbcClient.create(template);
        this.users = users;
        this.customFields = customFields;
    }

    /** Every company the filter matches, by name, one row at a time (call inside a read-only transaction). */
    public void eachCompany(CustomerQuery query, org.springframework.jdbc.core.RowCallbackHandler row) {
        Where where = companyWhere(query);
        streaming.sql("select c.* from companies c" + where.sql() + " order by lower(c.name), c.id")
                .params(where.params(org.springframework.data.domain.Pageable.unpaged())).query(row);
    }

    /** Every contact the filter matches, with its company's name, one row at a time. */
    public void eachContact(CustomerQuery query, org.springframework.jdbc.core.RowCallbackHandler row) {
        Where where = contactWhere(query);
        streaming.sql("select c.*, co.name as company_name from contacts c left join companies co on co.id = c.company_id"
                + where.sql() + " order by lower(c.last_name), lower(c.first_name), c.id")
                .params(where.params(org.springframework.data.domain.Pageable.unpaged())).query(row);
    }

    public CountedPage<CompanyRow> companies(CustomerQuery query, Pageable page) {
        Where where = companyWhere(query);
        String sql = """
                select c.id, c.name, c.country, c.billing_city, c.tax_id, c.lifecycle_stage, c.owner_id, c.tags,
                       c.custom_fields, c.updated_at
                from companies c""" + where.sql() + order(page, COMPANY_SORTS) + " limit :limit offset :offset";
        List<CompanyRow> rows = jdbc.sql(sql).params(where.params(page)).query((rs, n) -> new CompanyRow(
                rs.getLong("id"), rs.getString("name"), rs.getString("country"), rs.getString("billing_city"),
                rs.getString("tax_id"), LifecycleStage.valueOf(rs.getString("lifecycle_stage")),
                (Long) rs.getObject("owner_id"), null, strings(rs, "tags"),
                customFields.read(rs.getString("custom_fields")), rs.getTimestamp("updated_at").toInstant()))
                .list();
        Map<Long, String> owners = users.names(rows.stream().map(CompanyRow::ownerId).toList());
        rows = rows.stream().map(r -> new CompanyRow(r.id(), r.name(), r.country(), r.city(), r.taxId(),
                r.lifecycleStage(), r.ownerId(), owners.get(r.ownerId()), r.tags(), r.customFields(),
                r.updatedAt())).toList();
        return counted(rows, "companies c", where, page);
    }

    public CountedPage<ContactRow> contacts(CustomerQuery query, Pageable page) {
        Where where = contactWhere(query);
        String sql = """
                select c.id, c.first_name, c.last_name, c.emails[1] as email, c.phones[1] as phone, c.job_title,
                       c.company_id, co.name as company_name, c.city, c.owner_id, c.tags, c.custom_fields,
                       c.updated_at
                from contacts c left join companies co on co.id = c.company_id""" + where.sql()
                + order(page, CONTACT_SORTS) + " limit :limit offset :offset";
        List<ContactRow> rows = jdbc.sql(sql).params(where.params(page)).query((rs, n) -> new ContactRow(
                rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("job_title"), (Long) rs.getObject("company_id"),
                rs.getString("company_name"), rs.getString("city"), (Long) rs.getObject("owner_id"), null,
                strings(rs, "tags"), customFields.read(rs.getString("custom_fields")),
                rs.getTimestamp("updated_at").toInstant())).list();
        Map<Long, String> owners = users.names(rows.stream().map(ContactRow::ownerId).toList());
        rows = rows.stream().map(r -> new ContactRow(r.id(), r.firstName(), r.lastName(), r.email(), r.phone(),
                r.jobTitle(), r.companyId(), r.companyName(), r.city(), r.ownerId(), owners.get(r.ownerId()),
                r.tags(), r.customFields(), r.updatedAt())).toList();
        return counted(rows, "contacts c", where, page);
    }

    private <T> CountedPage<T> counted(List<T> rows, String table, Where where, Pageable page) {
        return CountedPage.of(rows, page, jdbc, "from " + table + where.sql(), where.params(page));
    }

    private Where companyWhere(CustomerQuery query) {
        Where where = where(CustomerType.COMPANY, query);
        if (query.stage() != null) {
            where.add("c.lifecycle_stage = :stage", "stage", query.stage().name());
        }
        if (query.city() != null && !query.city().isBlank()) {
            where.add("lower(c.billing_city) = lower(:city)", "city", query.city().strip());
        }
        return where;
    }

    private Where contactWhere(CustomerQuery query) {
        Where where = where(CustomerType.CONTACT, query);
        if (query.companyId() != null) {
            where.add("c.company_id = :companyId", "companyId", query.companyId());
        }
        if (query.city() != null && !query.city().isBlank()) {
            where.add("lower(c.city) = lower(:city)", "city", query.city().strip());
        }
        return where;
    }

    private Where where(CustomerType type, CustomerQuery query) {
        Where where = new Where();
        String pattern = SearchText.pattern(query.q());
        if (pattern != null) {
            where.add("c.search_text like :q", "q", pattern);
        }
        if (query.owner() != null && !query.owner().isBlank()) {
            String owner = query.owner().strip();
            if (owner.equals("none")) {
                where.add("c.owner_id is null");
            }
            else {
                long ownerId = owner.equals("me") ? CurrentUser.id() : parseId("owner", owner);
                where.add("c.owner_id = :owner", "owner", ownerId);
            }
        }
        if (query.tag() != null && !query.tag().isBlank()) {
            where.add("c.tags @> array[cast(:tag as text)]", "tag", query.tag().strip().toLowerCase());
        }
        if (query.country() != null && !query.country().isBlank()) {
            where.add("c.country = :country", "country", query.country().strip().toUpperCase());
        }
        ZoneId zone = LocaleContextHolder.getTimeZone().toZoneId();
        range(where, "c.created_at", "created", query.createdFrom(), query.createdTo(), zone);
        range(where, "c.updated_at", "updated", query.updatedFrom(), query.updatedTo(), zone);
        if (query.custom() != null && !query.custom().isEmpty()) {
            Map<String, CustomFieldDefinition> definitions = new HashMap<>();
            customFields.all(type).forEach(d -> definitions.put(d.key(), d));
            int i = 0;
            for (Map.Entry<String, String> filter : query.custom().entrySet()) {
                if (filter.getValue() == null || filter.getValue().isBlank()) {
                    continue;
                }
                CustomFieldDefinition definition = definitions.get(filter.getKey());
                if (definition == null) {
                    throw new InvalidFields(List.of(new InvalidFields.FieldError("cf." + filter.getKey(),
                            "customField.unknown", filter.getKey())));
                }
                String json = definition.type() == app.klient.customers.FieldType.MULTI_CHOICE
                        ? customFields.write(Map.of(definition.key(), List.of(filter.getValue().strip())))
                        : customFields.filterJson(definition, filter.getValue());
                where.add("c.custom_fields @> cast(:cf" + i + " as jsonb)", "cf" + i, json);
                i++;
            }
        }
        return where;
    }

    private static void range(Where where, String column, String name, LocalDate from, LocalDate to, ZoneId zone) {
        if (from != null) {
            where.add(column + " >= :" + name + "From", name + "From",
                    Timestamp.from(from.atStartOfDay(zone).toInstant()));
        }
        if (to != null) {
            where.add(column + " < :" + name + "To", name + "To",
                    Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant()));
        }
    }

    private static String order(Pageable page, Map<String, String> sorts) {
        Sort.Order order = page.getSort().stream().findFirst().orElse(Sort.Order.asc("name"));
        String template = sorts.getOrDefault(order.getProperty(), sorts.get("name"));
        String direction = order.isAscending() ? "asc" : "desc";
        return " order by " + template.replace("%s", direction);
    }

    private static long parseId(String field, String value) {
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException e) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError(field, "error.wrongType")));
        }
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** Conditions joined by {@code and}, with their named parameters. */
    private static final class Where {

        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> params = new LinkedHashMap<>();

        void add(String condition) {
            conditions.add(condition);
        }

        void add(String condition, String name, Object value) {
            conditions.add(condition);
            params.put(name, value);
        }

        String sql() {
            return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        }

        Map<String, Object> params(Pageable page) {
            Map<String, Object> all = new LinkedHashMap<>(params);
            if (page.isPaged()) {
                all.put("limit", page.getPageSize());
                all.put("offset", page.getOffset());
            }
            return all;
        }
    }
}
