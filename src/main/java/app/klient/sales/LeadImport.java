package app.klient.sales;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.klient.identity.CurrentUser;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Leads from a CSV file (UTF-8, comma or semicolon, a header row naming the columns). All or nothing: one bad row
 * refuses the whole file and lists every problem with its row, so a corrected file can simply be sent again.
 */
@Service
public class LeadImport {

    public static final int MAX_ROWS = 5_000;
    private static final Map<String, String> COLUMNS = Map.ofEntries(Map.entry("firstname", "firstName"),
            Map.entry("lastname", "lastName"), Map.entry("email", "email"), Map.entry("phone", "phone"),
            Map.entry("companyname", "companyName"), Map.entry("company", "companyName"),
            Map.entry("companytaxid", "companyTaxId"), Map.entry("taxid", "companyTaxId"),
            Map.entry("nip", "companyTaxId"), Map.entry("ico", "companyTaxId"), Map.entry("jobtitle", "jobTitle"),
            Map.entry("message", "message"), Map.entry("utmsource", "utmSource"),
            Map.entry("utmmedium", "utmMedium"), Map.entry("utmcampaign", "utmCampaign"),
            Map.entry("utmterm", "utmTerm"), Map.entry("utmcontent", "utmContent"), Map.entry("country", "country"),
            Map.entry("website", "website"), Map.entry("street", "street"), Map.entry("city", "city"),
            Map.entry("postalcode", "postalCode"));

    private final Leads leads;

    LeadImport(Leads leads) {
        this.leads = leads;
    }

    public record Result(int imported) {
    }

    /** Reads the whole file before anything is stored; one bad row and nothing is. */
    @Transactional
    public Result importCsv(String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        char delimiter = firstLine(text).chars().filter(c -> c == ';').count() > firstLine(text).chars()
                .filter(c -> c == ',').count() ? ';' : ',';
        List<CSVRecord> records;
        List<String> header;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setHeader()
                .setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).get().parse(
                        new java.io.StringReader(text))) {
            header = parser.getHeaderNames();
            records = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (records.size() >= MAX_ROWS) {
                    throw KlientException.invalid("import.tooManyRows", MAX_ROWS);
                }
                records.add(record);
            }
        }
        catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports an unclosed quote in a record as an UncheckedIOException while iterating
            throw KlientException.invalid("import.unreadable");
        }
        Map<String, String> mapping = new HashMap<>();
        List<InvalidFields.FieldError> problems = new ArrayList<>();
        for (String column : header) {
            String known = COLUMNS.get(column.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""));
            if (known == null) {
                problems.add(new InvalidFields.FieldError("header", "import.unknownColumn", column));
            }
            else {
                mapping.put(column, known);
            }
        }
        if (records.isEmpty()) {
            problems.add(new InvalidFields.FieldError("file", "import.empty"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFields(problems);
        }
        int imported = 0;
        for (CSVRecord record : records) {
            Map<String, String> row = new HashMap<>();
            mapping.forEach((column, field) -> row.put(field, record.isMapped(column) && record.isSet(column)
                    ? record.get(column) : null));
            LeadForm form = new LeadForm(row.get("firstName"), row.get("lastName"), row.get("email"), row.get("phone"),
                    row.get("companyName"), row.get("companyTaxId"), row.get("jobTitle"), row.get("message"),
                    row.get("utmSource"), row.get("utmMedium"), row.get("utmCampaign"), row.get("utmTerm"),
                    row.get("utmContent"), row.get("country"), row.get("website"), row.get("street"), row.get("city"),
                    row.get("postalCode"), null, null, CurrentUser.id(), null, null);
            String tooLong = tooLong(form);
            if (tooLong != null) {
                problems.add(new InvalidFields.FieldError("row " + (record.getRecordNumber() + 1) + ": " + tooLong,
                        "import.tooLong"));
                continue;
            }
            try {
                leads.create(form, LeadSource.IMPORT);
                imported++;
            }
            catch (InvalidFields e) {
                e.errors().forEach(error -> problems.add(new InvalidFields.FieldError(
                        "row " + (record.getRecordNumber() + 1) + ": " + error.field(), error.messageKey(),
                        error.arguments())));
            }
            if (problems.size() >= 100) {
                break;
            }
        }
        if (!problems.isEmpty()) {
            // nothing of the file stays: the transaction rolls back with this
            throw new InvalidFields(problems);
        }
        return new Result(imported);
    }

    private static String tooLong(LeadForm form) {
        Object[][] limits = { { "firstName", form.firstName(), 100 }, { "lastName", form.lastName(), 100 },
                { "email", form.email(), 254 }, { "phone", form.phone(), 40 },
                { "companyName", form.companyName(), 200 }, { "companyTaxId", form.companyTaxId(), 40 },
                { "jobTitle", form.jobTitle(), 150 }, { "message", form.message(), 2000 },
                { "utmSource", form.utmSource(), 100 }, { "utmMedium", form.utmMedium(), 100 },
                { "utmCampaign", form.utmCampaign(), 100 }, { "utmTerm", form.utmTerm(), 100 },
                { "utmContent", form.utmContent(), 100 }, { "country", form.country(), 2 },
                { "website", form.website(), 255 }, { "street", form.street(), 200 }, { "city", form.city(), 100 },
                { "postalCode", form.postalCode(), 20 } };
        for (Object[] limit : limits) {
            if (limit[1] instanceof String value && value.length() > (Integer) limit[2]) {
                return (String) limit[0];
            }
        }
        return null;
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
