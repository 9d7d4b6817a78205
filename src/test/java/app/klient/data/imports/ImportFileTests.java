package app.klient.data.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** How a file is read into rows, without the database: what is a row and what is not. */
class ImportFileTests {

    @Test
    void a_row_of_separators_alone_is_no_row_with_semicolons_or_commas() {
        for (char delimiter : new char[] { ';', ',' }) {
            String d = String.valueOf(delimiter);
            // a sheet saved from a spreadsheet ends in rows of separators, some wider than the headings
            String csv = String.join(d, "Nazwisko", "Email", "Miasto") + "\r\n"
                    + String.join(d, "Nowak", "nowak@example.pl", "Opole") + "\r\n"
                    + d.repeat(8) + "\r\n"
                    + String.join(d, "Kowal", "", "") + "\r\n"
                    + d.repeat(2) + "\r\n"
                    + d.repeat(8) + "\r\n";
            byte[] data = csv.getBytes(StandardCharsets.UTF_8);
            ImportFile.Layout layout = ImportFile.detect(data);
            assertThat(layout.delimiter()).isEqualTo(delimiter);

            assertThat(ImportFile.shape(data, layout).rows()).as("rows counted with %s", d).isEqualTo(2);
            assertThat(lines(data, layout)).as("rows read with %s", d).containsExactly(2L, 4L);
        }
    }

    @Test
    void an_empty_row_of_a_workbook_is_no_row() throws IOException {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            var sheet = book.createSheet("Ludzie");
            sheet.createRow(0).createCell(0).setCellValue("Nazwisko");
            sheet.createRow(1).createCell(0).setCellValue("Nowak");
            // cells written empty, as a sheet whose rows were cleared keeps them
            var empty = sheet.createRow(2);
            empty.createCell(0).setCellValue("");
            empty.createCell(1).setCellValue(" ");
            sheet.createRow(3).createCell(2);
            sheet.createRow(4).createCell(0).setCellValue("Kowal");
            book.write(xlsx);
        }
        byte[] data = xlsx.toByteArray();
        ImportFile.Layout layout = ImportFile.detect(data);

        assertThat(ImportFile.shape(data, layout).rows()).isEqualTo(2);
        assertThat(lines(data, layout)).containsExactly(2L, 5L);
    }

    @Test
    void a_date_cell_is_read_as_its_day_whatever_the_sheet_shows() throws IOException {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            var sheet = book.createSheet("Ludzie");
            var heading = sheet.createRow(0);
            heading.createCell(0).setCellValue("Nazwisko");
            heading.createCell(1).setCellValue("Urodziny");
            heading.createCell(2).setCellValue("Utworzono");
            heading.createCell(3).setCellValue("Kwota");
            // Excel's built-in date format (shown as 3/12/75 in an English Excel) and a date with a time
            var day = book.createCellStyle();
            day.setDataFormat((short) 14);
            var moment = book.createCellStyle();
            moment.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            var row = sheet.createRow(1);
            row.createCell(0).setCellValue("Nowak");
            var born = row.createCell(1);
            born.setCellValue(java.time.LocalDate.of(1975, 3, 12));
            born.setCellStyle(day);
            var created = row.createCell(2);
            created.setCellValue(java.time.LocalDateTime.of(2026, 12, 7, 2, 39, 23));
            created.setCellStyle(moment);
            row.createCell(3).setCellValue(9151.2);
            book.write(xlsx);
        }
        byte[] data = xlsx.toByteArray();
        List<List<String>> rows = new ArrayList<>();
        ImportFile.read(data, ImportFile.detect(data), headings -> { }, row -> rows.add(row.cells()));

        assertThat(rows).containsExactly(List.of("Nowak", "1975-03-12", "2026-12-07 02:39:23", "9151.2"));
    }

    private static List<Long> lines(byte[] data, ImportFile.Layout layout) {
        List<Long> lines = new ArrayList<>();
        ImportFile.read(data, layout, headings -> { }, row -> lines.add(row.line()));
        return lines;
    }
}
