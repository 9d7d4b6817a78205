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
import app.klient.platform.web.Keyset;

/**
 * The company and contact lists in plain SQL: every filter is a condition one of the indexes of V005 serves, the
 * order is one of the indexed orders, and the total is counted only up to {@link CountedPage#COUNT_LIMIT}.
 */
@Component
public class CustomerLists {

    private static final Keyset.Key ID = new Keyset.Key("c.id", "bigint");

    /** The sorts a list offers, by API name, each with its key (every one has its index, see V005 and V017). */
    public static final Map<String, Keyset.Order> COMPANY_SORTS = orders(
            new Keyset.Order("name", new Keyset.Key("lower(c.name)", "text"), ID),
            new Keyset.Order("createdAt", new Keyset.Key("c.created_at", "timestamptz"), ID),
            new Keyset.Order("updatedAt", new Keyset.Key("c.updated_at", "timestamptz"), ID));
    public static final Map<String, Keyset.Order> CONTACT_SORTS = orders(
            new Keyset.Order("name", new Keyset.Key("lower(c.last_name)", "text"),
                    new Keyset.Key("coalesce(lower(c.first_name), '')", "text"), ID),
            new Keyset.Order("createdAt", new Keyset.Key("c.created_at", "timestamptz"), ID),
            new Keyset.Order("updatedAt", new Keyset.Key("c.updated_at", "timestamptz"), ID));

    private static Map<String, Keyset.Order> orders(Keyset.Order... orders) {
        Map<String, Keyset.Order> map = new LinkedHashMap<>();
        for (Keyset.Order order : orders) {
            map.put(order.name(), order);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final Users users;
    private final CustomFields customFields;
    private final org.springframework.beans.factory.ObjectProvider<app.klient.customers.ContactSegments> segments;

    CustomerLists(JdbcClient jdbc, javax.sql.DataSource dataSource, Users users, CustomFields customFields,
            org.springframework.beans.factory.ObjectProvider<app.klient.customers.ContactSegments> segments) {
        this.segments = segments;
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
        eachContact(query, "", row);
    }

    /** {@link #eachContact} with more columns: {@code extraColumns} starts with a comma, SQL over contacts {@code c}. */
    public void eachContact(CustomerQuery query, String extraColumns,
            org.springframework.jdbc.core.RowCallbackHandler row) {
        Where where = contactWhere(query);
        streaming.sql("select c.*, co.name as company_name" + extraColumns
                + " from contacts c left join companies co on co.id = c.company_id"
                + where.sql() + " order by lower(c.last_name), coalesce(lower(c.first_name), ''), c.id")
                .params(where.params(org.springframework.data.domain.Pageable.unpaged())).query(row);
    }

    /** Checks a contact filter before an answer starts (an export's headers): a bad segment is refused here. */
    public void checkContacts(CustomerQuery query) {
        contactWhere(query);
    }

    public CountedPage<CompanyRow> companies(CustomerQuery query, Pageable page, Keyset keyset) {
        Where where = companyWhere(query);
        List<CompanyRow> rows = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        jdbc.sql(paged("""
                select c.id, c.name, c.country, c.billing_city, c.tax_id, c.lifecycle_stage, c.owner_id, c.tags,
                       c.custom_fields, c.updated_at""", "companies c", "", where, keyset))
                .params(where.params(page, keyset)).query(rs -> {
                    rows.add(new CompanyRow(rs.getLong("id"), rs.getString("name"), rs.getString("country"),
                            rs.getString("billing_city"), rs.getString("tax_id"),
                            LifecycleStage.valueOf(rs.getString("lifecycle_stage")), (Long) rs.getObject("owner_id"),
                            null, strings(rs, "tags"), customFields.read(rs.getString("custom_fields")),
                            rs.getTimestamp("updated_at").toInstant()));
                    cursors.add(keyset.cursor(rs));
                });
        Map<Long, String> owners = users.names(rows.stream().map(CompanyRow::ownerId).toList());
        List<CompanyRow> named = rows.stream().map(r -> new CompanyRow(r.id(), r.name(), r.country(), r.city(),
                r.taxId(), r.lifecycleStage(), r.ownerId(), owners.get(r.ownerId()), r.tags(), r.customFields(),
                r.updatedAt())).toList();
        return counted(named, cursors, "companies c", where, page, keyset);
    }

    public CountedPage<ContactRow> contacts(CustomerQuery query, Pageable page, Keyset keyset) {
        Where where = contactWhere(query);
        List<ContactRow> rows = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        jdbc.sql(paged("""
                select c.id, c.first_name, c.last_name, c.emails[1] as email, c.phones[1] as phone, c.job_title,
                       c.company_id, co.name as company_name, c.city, c.owner_id, c.tags, c.custom_fields,
                       c.updated_at""", "contacts c", " left join companies co on co.id = c.company_id", where,
                keyset)).params(where.params(page, keyset)).query(rs -> {
                    rows.add(new ContactRow(rs.getLong("id"), rs.getString("first_name"), rs.getString("last_name"),
                            rs.getString("email"), rs.getString("phone"), rs.getString("job_title"),
                            (Long) rs.getObject("company_id"), rs.getString("company_name"), rs.getString("city"),
                            (Long) rs.getObject("owner_id"), null, strings(rs, "tags"),
                            customFields.read(rs.getString("custom_fields")),
                            rs.getTimestamp("updated_at").toInstant()));
                    cursors.add(keyset.cursor(rs));
                });
        Map<Long, String> owners = users.names(rows.stream().map(ContactRow::ownerId).toList());
        List<ContactRow> named = rows.stream().map(r -> new ContactRow(r.id(), r.firstName(), r.lastName(),
                r.email(), r.phone(), r.jobTitle(), r.companyId(), r.companyName(), r.city(), r.ownerId(),
                owners.get(r.ownerId()), r.tags(), r.customFields(), r.updatedAt())).toList();
        return counted(named, cursors, "contacts c", where, page, keyset);
    }

    /**
     * A page in two steps: the ids of the page's rows first, from the indexes alone where they can (the filter, the
     * sort and the cursor or offset), then only those rows with their joins. One more row than the page is read, to
     * know whether there is a next one.
     */
    private static String paged(String select, String table, String joins, Where where, Keyset keyset) {
        return select + ", " + keyset.selectKeys() + " from (select c.id from " + table + where.sql(keyset.condition())
                + keyset.orderBy() + " limit :limit" + (keyset.hasCursor() ? "" : " offset :offset")
                + ") page join " + table + " on c.id = page.id" + joins + keyset.orderBy();
    }

    private <T> CountedPage<T> counted(List<T> rows, List<String> cursors, String table, Where where, Pageable page,
            Keyset keyset) {
        return keyset.page(rows, cursors, page, jdbc, "from " + table + where.sql(), where.params(Pageable.unpaged()));
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
        if (query.segment() != null) {
            app.klient.customers.ContactSegments kept = segments.getIfAvailable();
            if (kept == null) {
                throw app.klient.platform.KlientException.notFound("segment.notFound");
            }
            app.klient.customers.ContactCondition condition = kept.condition(query.segment());
            where.add("(" + condition.sql() + ")");
            where.params.putAll(condition.params());
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
            return sql(null);
        }

        /** The conditions and one more, if any. */
        String sql(String extra) {
            List<String> all = new ArrayList<>(conditions);
            if (extra != null) {
                all.add(extra);
            }
            return all.isEmpty() ? "" : " where " + String.join(" and ", all);
        }

        Map<String, Object> params(Pageable page) {
            Map<String, Object> all = new LinkedHashMap<>(params);
            if (page.isPaged()) {
                all.put("limit", page.getPageSize());
                all.put("offset", page.getOffset());
            }
            return all;
        }

        /** The parameters of a page read with a keyset: one row more than the page, to see whether more follow. */
        Map<String, Object> params(Pageable page, Keyset keyset) {
            Map<String, Object> all = new LinkedHashMap<>(params);
            all.putAll(keyset.params());
            all.put("limit", page.getPageSize() + 1);
            if (!keyset.hasCursor()) {
                all.put("offset", page.getOffset());
            }
            return all;
        }
    }
}
