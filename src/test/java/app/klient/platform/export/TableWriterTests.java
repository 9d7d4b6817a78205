package app.klient.platform.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import app.klient.platform.InvalidFields;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;

class TableWriterTests {

    private static final Reader PRAGUE = reader(Locale.forLanguageTag("cs"));

    @Test
    void csv_starts_with_a_byte_order_mark_and_formulas_become_text() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableWriter table = TableWriter.open(ExportFormat.CSV, out, List.of("Název", "Telefon", "Částka"), PRAGUE,
                "Firmy")) {
            table.row(List.of("Žluťoučký kůň, s.r.o.", "+420 601 234 567", new BigDecimal("1234.50")));
            table.row(Arrays.asList("=cmd|' /C calc'!A0", "-12", null));
            table.row(List.of("@SUM(A1:A2)", "+HYPERLINK(\"x\")", "\tstill text"));
            assertThat(table.rows()).isEqualTo(3);
            table.finish();
        }
        String body = out.toString(StandardCharsets.UTF_8);
        assertThat(body).startsWith("\uFEFF");
        List<CSVRecord> rows = CSVFormat.DEFAULT.parse(new StringReader(body.substring(1))).getRecords();
        assertThat(rows.get(0).values()).containsExactly("Název", "Telefon", "Částka");
        assertThat(rows.get(1).values()).containsExactly("Žluťoučký kůň, s.r.o.", "+420 601 234 567", "1234.50");
        assertThat(rows.get(2).values()).containsExactly("'=cmd|' /C calc'!A0", "-12", "");
        assertThat(rows.get(3).values()).containsExactly("'@SUM(A1:A2)", "'+HYPERLINK(\"x\")", "'\tstill text");
    }

    @Test
    void xlsx_keeps_numbers_dates_and_moments_and_text_as_it_is_which_a_text_cell_never_runs() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant moment = Instant.parse("2026-03-01T11:30:00Z");
        try (TableWriter table = TableWriter.open(ExportFormat.XLSX, out, List.of("Name", "Count", "Day", "At"), PRAGUE,
                "Companies")) {
            table.row(List.of("=1+1", 42L, LocalDate.of(2026, 2, 28), moment));
            table.finish();
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            Sheet sheet = book.getSheet("Companies");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("Name");
            Row row = sheet.getRow(1);
            // a text cell, not a formula: what was typed, without an apostrophe that a re-import would keep
            assertThat(row.getCell(0).getCellType()).isEqualTo(CellType.STRING);
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo("=1+1");
            assertThat(row.getCell(1).getNumericCellValue()).isEqualTo(42.0);
            assertThat(row.getCell(2).getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2026, 2, 28));
            // a spreadsheet has no zones: the moment as a clock in Prague showed it
            assertThat(row.getCell(3).getLocalDateTimeCellValue().getHour()).isEqualTo(12);
        }
    }

    @Test
    void yes_no_codes_and_moments_read_in_the_readers_language_and_on_their_clock_in_both_formats() throws Exception {
        Reader polish = reader(Locale.forLanguageTag("pl"));
        List<Object> row = List.of(true, false, new Column.Coded("source.IMPORT", "IMPORT"),
                new Column.Coded("source.UNKNOWN", "UNKNOWN"), Instant.parse("2026-12-07T01:39:23.803035Z"),
                new BigDecimal("9151.20"), 7L);
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (TableWriter table = TableWriter.open(ExportFormat.CSV, csv, List.of("a", "b", "c", "d", "e", "f", "g"),
                polish, "x")) {
            table.row(row);
            table.finish();
        }
        List<CSVRecord> rows = CSVFormat.DEFAULT.parse(new StringReader(csv.toString(StandardCharsets.UTF_8)
                .substring(1))).getRecords();
        // amounts and ids stay as machines read them: a plain decimal with a dot
        assertThat(rows.get(1).values()).containsExactly("Tak", "Nie", "Import", "UNKNOWN", "2026-12-07 02:39:23",
                "9151.20", "7");

        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (TableWriter table = TableWriter.open(ExportFormat.XLSX, xlsx, List.of("a", "b", "c", "d", "e", "f", "g"),
                polish, "x")) {
            table.row(row);
            table.finish();
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.toByteArray()))) {
            Row cells = book.getSheetAt(0).getRow(1);
            assertThat(cells.getCell(0).getStringCellValue()).isEqualTo("Tak");
            assertThat(cells.getCell(1).getStringCellValue()).isEqualTo("Nie");
            assertThat(cells.getCell(2).getStringCellValue()).isEqualTo("Import");
            assertThat(cells.getCell(4).getLocalDateTimeCellValue()).isEqualTo("2026-12-07T02:39:23");
            assertThat(cells.getCell(4).getCellStyle().getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
            assertThat(cells.getCell(5).getNumericCellValue()).isEqualTo(9151.20);
        }
    }

    @Test
    void a_full_sheet_goes_on_in_a_second_one_with_its_header() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // sheets of ten rows: the same turn as at Excel's 1,048,575, without a million rows to read back
        try (TableWriter table = TableWriter.xlsx(out, List.of("n"), PRAGUE, "Rows", 10)) {
            for (int i = 0; i < 10 + 2; i++) {
                table.row(List.of(i));
            }
            table.finish();
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(book.getNumberOfSheets()).isEqualTo(2);
            Sheet second = book.getSheetAt(1);
            assertThat(second.getSheetName()).isEqualTo("Rows 2");
            assertThat(second.getRow(0).getCell(0).getStringCellValue()).isEqualTo("n");
            assertThat(second.getRow(2).getCell(0).getNumericCellValue()).isEqualTo(10 + 1);
        }
    }

    @Test
    void a_million_rows_stream_through_without_being_held() {
        long before = usedMemory();
        try (TableWriter table = TableWriter.open(ExportFormat.CSV, OutputStream.nullOutputStream(),
                List.of("id", "name", "email"), PRAGUE, "x")) {
            for (long i = 0; i < 1_000_000; i++) {
                table.row(List.of(i, "Jan Nowak " + i, "jan" + i + "@example.pl"));
            }
            assertThat(table.rows()).isEqualTo(1_000_000);
            table.finish();
        }
        assertThat(usedMemory() - before).isLessThan(64L * 1024 * 1024);
    }

    @Test
    void a_writer_that_is_not_finished_adds_nothing_to_the_stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TableWriter table = TableWriter.open(ExportFormat.XLSX, out, List.of("n"), PRAGUE, "x")) {
            table.row(List.of(1));
        }
        assertThat(out.size()).isZero();
    }

    @Test
    void an_unknown_format_names_the_field() {
        assertThat(ExportFormat.of(null)).isEqualTo(ExportFormat.CSV);
        assertThat(ExportFormat.of(" XLSX ")).isEqualTo(ExportFormat.XLSX);
        assertThat(ExportFormat.of("vcf", ExportFormat.VCARD)).isEqualTo(ExportFormat.VCARD);
        assertThatThrownBy(() -> ExportFormat.of("vcard")).isInstanceOf(InvalidFields.class);
        assertThatThrownBy(() -> ExportFormat.of("pdf")).isInstanceOfSatisfying(InvalidFields.class,
                e -> assertThat(e.errors().get(0).field()).isEqualTo("format"));
    }

    private static Reader reader(Locale locale) {
        StaticMessageSource messages = new StaticMessageSource();
        messages.addMessage("common.yes", Locale.forLanguageTag("pl"), "Tak");
        messages.addMessage("common.no", Locale.forLanguageTag("pl"), "Nie");
        messages.addMessage("source.IMPORT", Locale.forLanguageTag("pl"), "Import");
        return new Reader(messages, locale, ZoneId.of(locale.getLanguage().equals("pl") ? "Europe/Warsaw"
                : "Europe/Prague"));
    }

    private static long usedMemory() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
