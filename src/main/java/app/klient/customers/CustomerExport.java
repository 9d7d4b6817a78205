package app.klient.customers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import app.klient.audit.AuditLog;
import app.klient.customers.internal.CustomerLists;
import app.klient.identity.Permission;
import app.klient.identity.Users;
import app.klient.customers.internal.ContactCards;
import app.klient.platform.export.Column;
import app.klient.platform.export.ExportFormat;
import app.klient.platform.export.Reader;
import app.klient.platform.export.TableWriter;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A list as CSV or XLSX (contacts also as vCard 4.0), as filtered on the page or in the API: streamed row by row,
 * custom fields as columns under their labels, headers in the reader's language. Opens in Excel (UTF-8 with a byte
 * order mark) and LibreOffice; address books take the cards.
 */
@Service
public class CustomerExport {

    private static final String[] COMPANY_COLUMNS = { "id", "name", "legalName", "country", "taxId",
            "registrationNumber", "vatId", "industry", "size", "website", "email", "phones", "billingAddress",
            "shippingAddress", "ownerId", "tags", "lifecycleStage", "createdAt", "updatedAt" };
    private static final String[] CONTACT_COLUMNS = { "id", "titleBefore", "firstName", "lastName", "titleAfter",
            "emails", "phones", "jobTitle", "companyId", "birthday", "address", "preferredLanguage",
            "preferredChannel", "source", "ownerId", "tags", "marketingConsent", "consentAt", "createdAt",
            "updatedAt" };

    private final CustomerLists lists;
    private final CustomFields customFields;
    private final Users users;
    private final MessageSource messages;
    private final AuditLog audit;
    private final TransactionTemplate reading;

    private final org.springframework.beans.factory.ObjectProvider<MarketingConsent> consent;

    CustomerExport(CustomerLists lists, CustomFields customFields, Users users, MessageSource messages, AuditLog audit,
            PlatformTransactionManager transactions,
            org.springframework.beans.factory.ObjectProvider<MarketingConsent> consent) {
        this.consent = consent;
        this.audit = audit;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
        this.lists = lists;
        this.customFields = customFields;
        this.users = users;
        this.messages = messages;
    }

    /** The companies of the list as CSV or XLSX, for those with the permission; audited with the filter and rows. */
    public void companies(CustomerQuery query, ExportFormat format, OutputStream out) {
        exported("company", format, query, rows -> writeCompanies(query, format, out, rows));
    }

    /** The contacts of the list as CSV, XLSX or vCard 4.0 (one card per contact). */
    public void contacts(CustomerQuery query, ExportFormat format, OutputStream out) {
        exported("contact", format, query, rows -> {
            if (format == ExportFormat.VCARD) {
                writeCards(query, out, rows);
            }
            else {
                writeContacts(query, format, out, rows);
            }
        });
    }

    /**
     * Runs an export in its own read-only transaction (the rows stream from a cursor) and then records it, with the
     * rows written even when the download broke off: whatever left Klient is in the audit log.
     */
    private void exported(String type, ExportFormat format, CustomerQuery query,
            java.util.function.Consumer<long[]> export) {
        Permission.EXPORT_CUSTOMERS.check();
        audit.exported(type, format, filter(query), rows -> reading.executeWithoutResult(status -> export.accept(rows)));
    }

    /** The filters that were set, as {@code name=value} pairs. */
    static String filter(CustomerQuery query) {
        List<String> parts = new ArrayList<>();
        for (var component : CustomerQuery.class.getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(query);
                if (value instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> parts.add("cf." + k + "=" + v));
                }
                else if (value != null && !(value instanceof String s && s.isBlank())) {
                    parts.add(component.getName() + "=" + value);
                }
            }
            catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(", ", parts);
    }

    private void writeCompanies(CustomerQuery query, ExportFormat format, OutputStream out, long[] count) {
        List<CustomFieldDefinition> fields = customFields.active(CustomerType.COMPANY);
        Map<Long, String> owners = users.allNames();
        try (TableWriter table = table(format, out, "nav.companies", COMPANY_COLUMNS, fields)) {
            lists.eachCompany(query, rs -> {
                List<Object> row = new ArrayList<>();
                row.add(rs.getLong("id"));
                for (String column : new String[] { "name", "legal_name", "country", "tax_id", "registration_number",
                        "vat_id", "industry" }) {
                    row.add(rs.getString(column));
                }
                row.add(coded(rs, "size", "size."));
                row.add(rs.getString("website"));
                row.add(rs.getString("email"));
                row.add(joined(rs, "phones"));
                row.add(address(rs, "billing_"));
                row.add(address(rs, "shipping_"));
                row.add(owners.get((Long) rs.getObject("owner_id")));
                row.add(joined(rs, "tags"));
                row.add(coded(rs, "lifecycle_stage", "stage."));
                row.add(moment(rs, "created_at"));
                row.add(moment(rs, "updated_at"));
                custom(row, fields, rs);
                table.row(row);
                count[0]++;
            });
            table.finish();
        }
    }

    private void writeContacts(CustomerQuery query, ExportFormat format, OutputStream out, long[] count) {
        List<CustomFieldDefinition> fields = customFields.active(CustomerType.CONTACT);
        Map<Long, String> owners = users.allNames();
        // marketing consent as the consent history has it now (the old column without that module)
        MarketingConsent spi = consent.getIfAvailable();
        String standing = spi == null ? ", c.marketing_consent as agrees_, c.consent_at as since_"
                : ", " + spi.agreesSql() + " as agrees_, " + spi.sinceSql() + " as since_";
        try (TableWriter table = table(format, out, "nav.contacts", CONTACT_COLUMNS, fields)) {
            lists.eachContact(query, standing, rs -> {
                List<Object> row = new ArrayList<>();
                row.add(rs.getLong("id"));
                for (String column : new String[] { "title_before", "first_name", "last_name", "title_after" }) {
                    row.add(rs.getString(column));
                }
                row.add(joined(rs, "emails"));
                row.add(joined(rs, "phones"));
                row.add(rs.getString("job_title"));
                row.add(rs.getString("company_name"));
                row.add(rs.getObject("birthday", java.time.LocalDate.class));
                row.add(address(rs, ""));
                row.add(rs.getString("preferred_language"));
                row.add(coded(rs, "preferred_channel", "channel."));
                row.add(coded(rs, "source", "source."));
                row.add(owners.get((Long) rs.getObject("owner_id")));
                row.add(joined(rs, "tags"));
                row.add(rs.getBoolean("agrees_"));
                row.add(moment(rs, "since_"));
                row.add(moment(rs, "created_at"));
                row.add(moment(rs, "updated_at"));
                custom(row, fields, rs);
                table.row(row);
                count[0]++;
            });
            table.finish();
        }
    }

    private TableWriter table(ExportFormat format, OutputStream out, String title, String[] columns,
            List<CustomFieldDefinition> fields) {
        Reader reader = Reader.current(messages);
        List<String> header = new ArrayList<>();
        for (String column : columns) {
            header.add(messages.getMessage("field." + column, null, column, reader.locale()));
        }
        fields.forEach(f -> header.add(f.label(reader.locale())));
        return TableWriter.open(format, out, header, reader, reader.message(title));
    }

    private void writeCards(CustomerQuery query, OutputStream out, long[] count) {
        Writer writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
        ContactCards cards = new ContactCards(writer);
        lists.eachContact(query, rs -> {
            cards.write(rs);
            count[0]++;
        });
        try {
            writer.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void custom(List<Object> row, List<CustomFieldDefinition> fields, ResultSet rs) throws SQLException {
        if (fields.isEmpty()) {
            return;
        }
        Map<String, Object> values = customFields.read(rs.getString("custom_fields"));
        for (CustomFieldDefinition field : fields) {
            Object value = values.get(field.key());
            row.add(value instanceof List<?> list ? String.join("; ", list.stream().map(String::valueOf).toList())
                    : value);
        }
    }

    private static String joined(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? "" : String.join("; ", Arrays.asList((String[]) array.getArray()));
    }

    private static String address(ResultSet rs, String prefix) throws SQLException {
        return new Address(rs.getString(prefix + "street"), rs.getString(prefix + "city"),
                rs.getString(prefix + "postal_code"), rs.getString(prefix + "region"),
                rs.getString(prefix + "country")).oneLine();
    }

    /** A code named in the reader's language by the message {@code prefix + code}, as the pages name it. */
    private static Column.Coded coded(ResultSet rs, String column, String prefix) throws SQLException {
        String code = rs.getString(column);
        return code == null ? null : new Column.Coded(prefix + code, code);
    }

    private static java.time.Instant moment(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
