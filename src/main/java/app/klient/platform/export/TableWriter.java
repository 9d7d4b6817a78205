package app.klient.platform.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Rows of a list written as they come, to CSV or XLSX, with a header row, in the {@link Reader}'s words: yes and no
 * and codes ({@link Column.Coded}) by their names in the reader's language, moments on the reader's clock to the
 * second ({@code 2026-12-07 02:39:23}; a spreadsheet has no zones). Values keep their kind where the format has
 * kinds: numbers, days and moments are numbers and dates in XLSX; in CSV an amount is a plain decimal with a dot
 * and a day is {@code 2026-12-07}, as every import (Klient's too) reads them. CSV text is {@linkplain Cells#neutralized neutralized}; an XLSX text cell is
 * text to every spreadsheet, never a formula, so it keeps its value as it is (an apostrophe would be part of it).
 * Nothing is held in
 * memory beyond a hundred XLSX rows; past a sheet's 1,048,576 rows the list goes on in a second sheet.
 */
public abstract sealed class TableWriter implements AutoCloseable {

    /** Rows of data a sheet takes under its header row. */
    static final int SHEET_ROWS = 1_048_575;

    /** A moment as people write it, to the second: {@code 2026-12-07 02:39:23}. */
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private long rows;

    /** A writer of {@code format} (CSV or XLSX) to {@code out}, which the caller closes after this writer. */
    public static TableWriter open(ExportFormat format, OutputStream out, List<String> header, Reader reader,
            String sheetName) {
        return switch (format) {
            case CSV -> new Csv(out, header, reader);
            case XLSX -> new Xlsx(out, header, reader, sheetName, SHEET_ROWS);
            case VCARD -> throw new IllegalArgumentException("vCard is not a table");
        };
    }

    /** An XLSX writer whose sheets take {@code sheetRows} rows each (a test's small sheets). */
    static TableWriter xlsx(OutputStream out, List<String> header, Reader reader, String sheetName, int sheetRows) {
        return new Xlsx(out, header, reader, sheetName, sheetRows);
    }

    public final void row(List<?> values) {
        try {
            write(values);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }

    /** The rows written so far (without the header). */
    public final long rows() {
        return rows;
    }

    abstract void write(List<?> values) throws IOException;

    /**
     * Finishes the file (an XLSX is only written out here) without flushing or closing the stream under it: a
     * download that fails before it is finished writes nothing more, and while the answer is not committed yet (the
     * first kilobytes) the failure can still be a problem instead of a broken file.
     */
    public abstract void finish();

    /** Lets go of what the writer holds (an XLSX's temporary files), finished or not. */
    @Override
    public abstract void close();

    private static final class Csv extends TableWriter {

        private final Writer writer;
        private final CSVPrinter csv;
        private final Reader reader;
        private final DateTimeFormatter moments;

        Csv(OutputStream out, List<String> header, Reader reader) {
            this.reader = reader;
            this.moments = MOMENT.withZone(reader.zone());
            this.writer = new OutputStreamWriter(new FilterOutputStream(out) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void flush() {
                    // the servlet container sends its buffer when it is full or the answer ends
                }
            }, StandardCharsets.UTF_8);
            try {
                writer.write('\uFEFF');
                csv = new CSVPrinter(writer, CSVFormat.DEFAULT);
                csv.printRecord(header.stream().map(Cells::neutralized).toList());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void write(List<?> values) throws IOException {
            List<Object> cells = new ArrayList<>(values.size());
            for (Object value : values) {
                cells.add(text(value));
            }
            csv.printRecord(cells);
        }

        private Object text(Object given) {
            Object value = reader.word(given);
            if (value == null) {
                return "";
            }
            if (value instanceof Instant moment) {
                return moments.format(moment);
            }
            if (value instanceof BigDecimal amount) {
                return amount.toPlainString();
            }
            if (value instanceof Number || value instanceof LocalDate) {
                return value.toString();
            }
            return Cells.neutralized(value.toString());
        }

        @Override
        public void finish() {
            try {
                csv.flush();
                writer.flush();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            // nothing held: what was written is in the stream under it
        }
    }

    private static final class Xlsx extends TableWriter {

        private final OutputStream out;
        private final SXSSFWorkbook workbook;
        private final List<String> header;
        private final Reader reader;
        private final String sheetName;
        private final CellStyle bold;
        private final CellStyle day;
        private final CellStyle moment;
        private final int sheetRows;
        private Sheet sheet;
        private int next;

        Xlsx(OutputStream out, List<String> header, Reader reader, String sheetName, int sheetRows) {
            this.out = out;
            this.sheetRows = sheetRows;
            this.header = header;
            this.reader = reader;
            this.sheetName = safeSheetName(sheetName);
            this.workbook = new SXSSFWorkbook(100);
            workbook.setCompressTempFiles(true);
            Font font = workbook.createFont();
            font.setBold(true);
            bold = workbook.createCellStyle();
            bold.setFont(font);
            day = workbook.createCellStyle();
            day.setDataFormat((short) 14);
            moment = workbook.createCellStyle();
            moment.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            newSheet();
        }

        private void newSheet() {
            int number = workbook.getNumberOfSheets();
            sheet = workbook.createSheet(number == 0 ? sheetName : sheetName + " " + (number + 1));
            Row head = sheet.createRow(0);
            for (int i = 0; i < header.size(); i++) {
                Cell cell = head.createCell(i);
                cell.setCellValue(header.get(i));
                cell.setCellStyle(bold);
            }
            sheet.createFreezePane(0, 1);
            next = 1;
        }

        @Override
        void write(List<?> values) {
            if (next > sheetRows) {
                newSheet();
            }
            Row row = sheet.createRow(next++);
            for (int i = 0; i < values.size(); i++) {
                Object value = reader.word(values.get(i));
                if (value == null) {
                    continue;
                }
                Cell cell = row.createCell(i);
                if (value instanceof Number number) {
                    cell.setCellValue(number.doubleValue());
                }
                else if (value instanceof LocalDate date) {
                    cell.setCellValue(date);
                    cell.setCellStyle(day);
                }
                else if (value instanceof Instant instant) {
                    cell.setCellValue(LocalDateTime.ofInstant(instant, reader.zone()).withNano(0));
                    cell.setCellStyle(moment);
                }
                else {
                    // a cell holds at most 32,767 characters (Excel's limit, which POI enforces); CSV keeps it all
                    String text = value.toString();
                    cell.setCellValue(text.length() <= 32_767 ? text : text.substring(0, 32_766) + "…");
                }
            }
        }

        @Override
        public void finish() {
            try {
                workbook.write(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                    }

                    @Override
                    public void close() {
                        // the caller's stream stays open
                    }
                });
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            workbook.dispose();
            try {
                workbook.close();
            }
            catch (IOException ignored) {
                // the temporary files are gone already (dispose)
            }
        }

        /** Excel refuses sheet names over 31 characters or with : \ / ? * [ ]. */
        private static String safeSheetName(String name) {
            String cleaned = name == null || name.isBlank() ? "Klient" : name.replaceAll("[:\\\\/?*\\[\\]]", " ");
            return cleaned.length() > 28 ? cleaned.substring(0, 28) : cleaned;
        }
    }
}
