package app.klient.billing.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.IsdocFiles;
import app.klient.billing.Seller;
import app.klient.billing.Totals;
import app.klient.billing.Line;
import app.klient.billing.einvoice.Fa3Invoice;
import app.klient.billing.einvoice.InvoiceFiles;
import app.klient.catalog.Products;
import app.klient.catalog.ExchangeRates;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The accountant's export: the invoices and corrections issued in a period, one row each, as CSV or XLSX, or their
 * structured files (FA(3) as issued, ISDOC for Czech ones) in a ZIP, for the accounting system that books them and
 * files the monthly JPK_V7.
 * <p>
 * One row per document with a column group per VAT rate (net, VAT, gross), exempt and reverse charge: that is how a
 * VAT sales register (rejestr sprzedaży, kniha vydaných faktur) looks and how JPK_V7 asks for the amounts (a field
 * pair per rate), so an accounting system maps each column to its field once, and a column's sum is the period's
 * figure. One row per rate would need summing by document before import. Amounts are in the invoice's currency, as
 * printed (corrections as their signed differences), with the rate to convert them and the VAT already converted.
 * Headers and the kind and KSeF state are in the reader's language, each with its code in a column beside for an
 * import; the other values are machine-readable: ISO dates, dot decimals.
 */
@Service
public class InvoiceExport {

    /** The longest period one export covers: a year and a little, for a fiscal year with its edges. */
    public static final int MAX_DAYS = 400;

    public enum Format {
        CSV, XLSX, ZIP
    }

    /** What to export: issue dates from–to (inclusive), optionally only Polish or only Czech invoices. */
    public record Period(LocalDate from, LocalDate to, String country) {

        /** Checks what a person or script asked for; every refusal is a translated 400. */
        public static Period of(String from, String to, String country) {
            LocalDate start = day(from);
            LocalDate end = day(to);
            if (start.isAfter(end)) {
                throw KlientException.invalid("export.invoices.fromAfterTo");
            }
            if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
                throw KlientException.invalid("export.invoices.tooLong", MAX_DAYS);
            }
            String only = country == null || country.isBlank() ? null : country.strip().toUpperCase(Locale.ROOT);
            if (only != null && !only.equals("PL") && !only.equals("CZ")) {
                throw KlientException.invalid("export.invoices.country");
            }
            return new Period(start, end, only);
        }

        private static LocalDate day(String value) {
            if (value == null || value.isBlank()) {
                throw KlientException.invalid("export.invoices.day");
            }
            try {
                return LocalDate.parse(value.strip());
            }
            catch (DateTimeParseException e) {
                throw KlientException.invalid("export.invoices.day");
            }
        }

        String describe() {
            return from + ".." + to + (country == null ? "" : " " + country);
        }

        String filename(String extension) {
            return "klient-invoices-" + from + "-" + to + (country == null ? "" : "-" + country.toLowerCase(
                    Locale.ROOT)) + "." + extension;
        }
    }

    public static Format format(String format) {
        if (format == null || format.isBlank()) {
            return Format.CSV;
        }
        try {
            return Format.valueOf(format.strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw KlientException.invalid("export.invoices.format");
        }
    }

    public static String contentType(Format format) {
        return switch (format) {
            case CSV -> "text/csv;charset=UTF-8";
            case XLSX -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case ZIP -> "application/zip";
        };
    }

    public static String filename(Period period, Format format) {
        return period.filename(format.name().toLowerCase(Locale.ROOT));
    }

    /** A document of the period with its KSeF state (left joined: most have none). */
    private record Entry(long id, String ksefNumber, String ksefState) {
    }

    /** The columns: fixed ones, then a group per rate, then the totals and KSeF. */
    private record Columns(List<BigDecimal> rates) {

        List<String> keys() {
            List<String> keys = new ArrayList<>(List.of("number", "kind", "kindCode", "correctsNumber", "correctsIssueDate",
                    "issueDate", "saleDate", "buyerName", "buyerTaxId", "buyerVatId", "buyerCountry", "currency",
                    "exchangeRate", "exchangeRateDate", "exchangeRateTable"));
            rates.forEach(r -> keys.addAll(List.of("net:" + r, "vat:" + r, "gross:" + r,
                    "netInCompanyCurrency:" + r)));
            keys.addAll(List.of("exemptNet", "intraEuSupplyNet", "exportNet", "euServicesNet", "outsidePolandNet",
                    "netTotal", "vatTotal", "grossTotal",
                    "vatInCompanyCurrency", "ksefNumber", "ksefState", "ksefStateCode"));
            return keys;
        }
    }

    private final JdbcClient jdbc;
    private final Invoices invoices;
    private final Seller seller;
    private final IsdocFiles isdoc;
    private final InvoiceFiles files;
    private final ExchangeRates exchangeRates;
    private final MessageSource messages;
    private final AuditLog audit;
    private final Products products;

    InvoiceExport(JdbcClient jdbc, Invoices invoices, Seller seller, IsdocFiles isdoc, InvoiceFiles files,
            ExchangeRates exchangeRates, MessageSource messages, AuditLog audit, Products products) {
        this.products = products;
        this.jdbc = jdbc;
        this.invoices = invoices;
        this.seller = seller;
        this.isdoc = isdoc;
        this.files = files;
        this.exchangeRates = exchangeRates;
        this.messages = messages;
        this.audit = audit;
    }

    /**
     * Writes the export and records it in the audit log with its period and the number of rows written, also when
     * the download broke off: whatever left Klient is on record.
     */
    public void export(Period period, Format format, OutputStream out) {
        Permission.EXPORT_INVOICES.check();
        long[] rows = { 0 };
        long[] written = { 0 };
        boolean complete = false;
        try {
            List<Entry> entries = entries(period);
            switch (format) {
                case CSV -> csv(period, entries, out, rows);
                case XLSX -> xlsx(period, entries, out, rows);
                case ZIP -> zip(entries, out, rows, written);
            }
            complete = true;
        }
        finally {
            List<FieldChange> changes = new ArrayList<>(List.of(new FieldChange("from", null, period.from()
                    .toString()), new FieldChange("to", null, period.to().toString()),
                    new FieldChange("format", null, format.name()),
                    new FieldChange("rows", null, String.valueOf(rows[0]))));
            if (period.country() != null) {
                changes.add(new FieldChange("country", null, period.country()));
            }
            if (format == Format.ZIP) {
                changes.add(new FieldChange("files", null, String.valueOf(written[0])));
            }
            audit.record(AuditAction.EXPORT, "invoice", null, format.name() + " " + period.describe() + ": "
                    + rows[0] + " rows" + (format == Format.ZIP ? ", " + written[0] + " files" : "")
                    + (complete ? "" : " (broken off)"), changes, Optional.empty());
        }
    }

    private List<Entry> entries(Period period) {
        return jdbc.sql("""
                select i.id, k.ksef_number, k.state from invoices i left join ksef_submissions k on k.invoice_id = i.id
                where i.issue_date between :from and :to""" + countryCondition(period)
                + " order by i.issue_date, i.number").param("from", period.from()).param("to", period.to())
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** Polish: the seller is in Poland; Czech: the seller or the buyer is in Czechia (as {@link IsdocFiles}). */
    private static String countryCondition(Period period) {
        if (period.country() == null) {
            return "";
        }
        return period.country().equals("PL") ? " and i.seller_country = 'PL'"
                : " and (i.seller_country = 'CZ' or i.buyer_country = 'CZ')";
    }

    /** The seller's rates and any other rate charged in the period (a rate since removed), highest first. */
    private Columns columns(Period period) {
        TreeSet<BigDecimal> rates = new TreeSet<>(Comparator.reverseOrder());
        seller.get().rates().forEach(r -> rates.add(r.stripTrailingZeros()));
        jdbc.sql("""
                select distinct l.tax_rate from invoice_lines l join invoices i on i.id = l.invoice_id
                where i.issue_date between :from and :to and not i.reverse_charge and not l.tax_exempt"""
                + countryCondition(period)).param("from", period.from()).param("to", period.to())
                .query(BigDecimal.class).list().forEach(r -> rates.add(r.stripTrailingZeros()));
        return new Columns(List.copyOf(rates));
    }

    private List<String> header(Columns columns) {
        Locale locale = LocaleContextHolder.getLocale();
        return columns.keys().stream().map(key -> {
            int colon = key.indexOf(':');
            return colon < 0 ? messages.getMessage("export.invoices.column." + key, null, locale)
                    : messages.getMessage("export.invoices.column." + key.substring(0, colon) + "AtRate",
                            new Object[] { key.substring(colon + 1), exchangeRates.companyCurrency() }, locale);
        }).toList();
    }

    /** A row's values: text, {@link BigDecimal} or {@link LocalDate}; null for an empty cell. */
    private List<Object> row(Columns columns, InvoiceView invoice, Entry entry) {
        List<Object> row = new ArrayList<>();
        row.add(invoice.number());
        row.add(value("kind", invoice.kind()));
        row.add(invoice.kind());
        row.add(invoice.correctsNumber());
        row.add(invoice.correctsIssueDate());
        row.add(invoice.issueDate());
        row.add(invoice.saleDate());
        row.add(invoice.buyer().name());
        row.add(invoice.buyer().taxId());
        row.add(invoice.buyer().vatId());
        row.add(invoice.buyer().country());
        row.add(invoice.currency());
        row.add(invoice.exchangeRate());
        row.add(invoice.exchangeRateDate());
        row.add(invoice.exchangeRateTable());
        for (BigDecimal rate : columns.rates()) {
            Totals.RateRow found = invoice.byRate().stream().filter(r -> !r.code().equals(Totals.EXEMPT)
                    && !r.code().equals(Totals.REVERSE_CHARGE) && r.rate().compareTo(rate) == 0).findFirst()
                    .orElse(null);
            row.add(found == null ? null : found.net());
            row.add(found == null ? null : found.tax());
            row.add(found == null ? null : found.gross());
            row.add(found == null ? null : inCompanyCurrency(invoice, found.net()));
        }
        row.add(net(invoice, Totals.EXEMPT));
        Map<String, BigDecimal> reverseCharge = reverseCharge(invoice);
        for (String field : REVERSE_CHARGE_FIELDS) {
            row.add(reverseCharge.get(field));
        }
        row.add(invoice.netTotal());
        row.add(invoice.taxTotal());
        row.add(invoice.grossTotal());
        row.add(invoice.currency().equals(exchangeRates.companyCurrency()) || invoice.exchangeRate() == null
                ? invoice.taxTotal() : invoice.taxTotalInCompanyCurrency());
        row.add(entry.ksefNumber());
        row.add(value("ksefState", entry.ksefState()));
        row.add(entry.ksefState());
        return row;
    }

    /** The reverse-charge columns in order: the FA(3) fields P_13_6_2, P_13_6_3, P_13_9 and P_13_8. */
    private static final List<String> REVERSE_CHARGE_FIELDS = List.of("6_2", "6_3", "9", "8");

    /**
     * A reverse-charge invoice's net by FA(3) field, each line sorted exactly as the FA(3) builder sorts it (goods
     * or services, EU buyer or not), so the export's columns add up to the XML's and to JPK_V7's fields.
     */
    private Map<String, BigDecimal> reverseCharge(InvoiceView invoice) {
        Map<String, BigDecimal> sums = new HashMap<>();
        if (!invoice.reverseCharge()) {
            return sums;
        }
        Set<Long> goods = products.goods(invoice.lines().stream().map(Line::productId).filter(Objects::nonNull)
                .toList());
        for (Line line : invoice.lines()) {
            sums.merge(Fa3Invoice.reverseChargeField(invoice, line, goods), line.netAmount(), BigDecimal::add);
        }
        return sums;
    }

    /**
     * The tax base in the company currency, which JPK_V7 asks for: converted per rate at the invoice's frozen rate
     * and rounded per rate, as {@code Invoices.inCompanyCurrency} converts the VAT.
     */
    private BigDecimal inCompanyCurrency(InvoiceView invoice, BigDecimal amount) {
        if (invoice.currency().equals(exchangeRates.companyCurrency()) || invoice.exchangeRate() == null) {
            return amount;
        }
        return amount.multiply(invoice.exchangeRate()).setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * A code in the reader's language, as the person reading the sheet says it; the code itself goes in the column
     * beside, so an import maps the same value whoever exported the file.
     */
    private String value(String column, String code) {
        return code == null ? null : messages.getMessage("export.invoices." + column + "." + code, null, code,
                LocaleContextHolder.getLocale());
    }

    private static BigDecimal net(InvoiceView invoice, String code) {
        return invoice.byRate().stream().filter(r -> r.code().equals(code)).map(Totals.RateRow::net).findFirst()
                .orElse(null);
    }

    private void csv(Period period, List<Entry> entries, OutputStream out, long[] rows) {
        Columns columns = columns(period);
        try {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            // Excel reads UTF-8 only with the byte order mark
            writer.write('\uFEFF');
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                    .setHeader(header(columns).toArray(String[]::new)).get());
            for (Entry entry : entries) {
                List<Object> values = row(columns, invoices.get(entry.id()), entry);
                csv.printRecord(values.stream().map(InvoiceExport::text).toList());
                rows[0]++;
            }
            csv.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CSV cell: plain decimals with a dot, ISO dates; text that starts like a formula is defused. */
    private static Object text(Object value) {
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof String s && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return value;
    }

    private void xlsx(Period period, List<Entry> entries, OutputStream out, long[] rows) {
        Columns columns = columns(period);
        // a streaming workbook keeps only a window of rows in memory, however long the period
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            Sheet sheet = workbook.createSheet(messages.getMessage("export.invoices.sheet", null,
                    LocaleContextHolder.getLocale()));
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle amount = workbook.createCellStyle();
            amount.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            CellStyle rate = workbook.createCellStyle();
            rate.setDataFormat(workbook.createDataFormat().getFormat("0.0000##"));
            List<String> header = header(columns);
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) {
                first.createCell(c).setCellValue(header.get(c));
                sheet.setColumnWidth(c, 256 * Math.max(12, Math.min(40, header.get(c).length() + 2)));
            }
            sheet.createFreezePane(0, 1);
            int exchangeRateColumn = columns.keys().indexOf("exchangeRate");
            for (Entry entry : entries) {
                List<Object> values = row(columns, invoices.get(entry.id()), entry);
                Row row = sheet.createRow((int) rows[0] + 1);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    if (value == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (value instanceof BigDecimal number) {
                        cell.setCellValue(number.doubleValue());
                        cell.setCellStyle(c == exchangeRateColumn ? rate : amount);
                    }
                    else if (value instanceof LocalDate day) {
                        cell.setCellValue(day);
                        cell.setCellStyle(date);
                    }
                    else {
                        cell.setCellValue(value.toString());
                    }
                }
                rows[0]++;
            }
            workbook.write(out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The period's structured files, one entry each: the FA(3) XML exactly as issued ({@code <number>.xml}) and,
     * for a Czech invoice, its ISDOC ({@code <number>.isdoc}); a demo-like invoice from Poland to Czechia has both.
     */
    private void zip(List<Entry> entries, OutputStream out, long[] rows, long[] written) {
        try {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Entry entry : entries) {
                InvoiceView invoice = invoices.get(entry.id());
                String name = invoice.number().replaceAll("[^A-Za-z0-9._-]", "-");
                Optional<InvoiceFiles.InvoiceFile> fa3 = files.find(invoice.id(), "FA3");
                if (fa3.isPresent()) {
                    entry(zip, name + ".xml", fa3.get().content());
                    written[0]++;
                }
                if (IsdocFiles.applies(invoice)) {
                    IsdocFiles.IsdocFile file = isdoc.file(invoice);
                    entry(zip, file.filename(), file.content());
                    written[0]++;
                }
                rows[0]++;
            }
            zip.finish();
            zip.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
