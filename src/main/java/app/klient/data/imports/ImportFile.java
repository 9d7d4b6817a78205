package app.klient.data.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.platform.KlientException;
import app.klient.platform.imports.TableImport;
import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * An uploaded file read as rows of cells: CSV (any of , ; tab | as delimiter, in UTF-8, Windows-1250 or ISO-8859-2,
 * both detected), the first sheet of an XLSX workbook (streamed, never loaded whole) or vCards (one row a card).
 * Line numbers are the file's rows as a person sees them: the heading row is line 1.
 */
final class ImportFile {

    enum Format {
        CSV, XLSX, VCARD
    }

    /** How a file is read: detected, and changed by the user where the detection guessed wrong. */
    record Layout(Format format, String encoding, Character delimiter) {
    }

    record Row(long line, List<String> cells) {
    }

    /** What a first reading found: the headings and how many rows follow them. */
    record Shape(List<String> headings, long rows) {
    }

    static final List<String> ENCODINGS = List.of("UTF-8", "windows-1250", "ISO-8859-2");
    static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');
    static final int MAX_COLUMNS = 500;
    static final long MAX_ROWS = 2_000_000;
    /** A vCard's columns are the contact fields they fill, named in the reader's language when shown. */
    static final List<String> VCARD_HEADINGS = List.of("lastName", "firstName", "email", "phone", "company",
            "jobTitle", "street", "city", "region", "postalCode", "country", "birthday", "tags");

    private ImportFile() {
    }

    /** The format by content (a ZIP is a workbook, BEGIN:VCARD a vCard), refusing files that are no table at all. */
    static Layout detect(byte[] data) {
        if (data.length == 0) {
            throw KlientException.invalid("imports.file.empty");
        }
        if (data.length > 4 && data[0] == 'P' && data[1] == 'K' && data[2] == 3 && data[3] == 4) {
            return new Layout(Format.XLSX, null, null);
        }
        String encoding = encoding(data);
        String head = text(data, encoding, 64 * 1024);
        if (head.indexOf('\0') >= 0 || binary(head)) {
            throw KlientException.invalid("imports.file.binary");
        }
        if (head.stripLeading().toUpperCase(Locale.ROOT).startsWith("BEGIN:VCARD")) {
            return new Layout(Format.VCARD, encoding, null);
        }
        return new Layout(Format.CSV, encoding, delimiter(head));
    }

    /** UTF-8 when the bytes are valid UTF-8; otherwise the Central European code page whose letters the text has. */
    static String encoding(byte[] data) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, 0, utf8Prefix(data, Math.min(data.length, 1 << 20))));
            return "UTF-8";
        }
        catch (CharacterCodingException e) {
            // one of the single-byte code pages
        }
        int sample = Math.min(data.length, 1 << 20);
        long windows = letters(new String(data, 0, sample, Charset.forName("windows-1250")));
        long iso = letters(new String(data, 0, sample, Charset.forName("ISO-8859-2")));
        if (windows != iso) {
            return windows > iso ? "windows-1250" : "ISO-8859-2";
        }
        CharsetDetector detector = new CharsetDetector();
        detector.setText(java.util.Arrays.copyOf(data, sample));
        for (CharsetMatch match : detector.detectAll()) {
            if (match.getName().equalsIgnoreCase("ISO-8859-2")) {
                return "ISO-8859-2";
            }
            if (match.getName().equalsIgnoreCase("windows-1250")) {
                return "windows-1250";
            }
        }
        return "windows-1250";
    }

    /** A prefix that does not end inside a UTF-8 sequence, so a sample cut mid-letter is not called malformed. */
    private static int utf8Prefix(byte[] data, int length) {
        if (length == data.length) {
            return length;
        }
        int end = length;
        while (end > 0 && end > length - 4 && (data[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    /** Non-ASCII letters: a wrong code page turns them into control characters and signs. */
    private static long letters(String text) {
        return text.chars().filter(c -> c >= 0x80 && Character.isLetter(c)).count()
                - text.chars().filter(c -> c >= 0x80 && !Character.isLetter(c) && c != 0xA0).count();
    }

    private static boolean binary(String head) {
        long control = head.chars().filter(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t').count();
        return control > head.length() / 100 + 1;
    }

    /** The delimiter the heading row has most of, outside quotes. */
    static char delimiter(String text) {
        String first = heading(text);
        char best = ',';
        long most = 0;
        for (char candidate : new char[] { ',', ';', '\t', '|' }) {
            long count = 0;
            boolean quoted = false;
            for (int i = 0; i < first.length(); i++) {
                char c = first.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                }
                else if (c == candidate && !quoted) {
                    count++;
                }
            }
            if (count > most) {
                most = count;
                best = candidate;
            }
        }
        return best;
    }

    private static String heading(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int end = t.indexOf('\n');
        return end < 0 ? t : t.substring(0, end);
    }

    private static String text(byte[] data, String encoding, int max) {
        return new String(data, 0, Math.min(data.length, max), Charset.forName(encoding));
    }

    /** Reads the whole file once: its headings and rows, refusing it when it is cut, too wide or too long. */
    static Shape shape(byte[] data, Layout layout) {
        List<String> headings = new ArrayList<>();
        long[] rows = { 0 };
        read(data, layout, headings::addAll, row -> {
            if (++rows[0] > MAX_ROWS) {
                throw KlientException.invalid("imports.file.tooManyRows", MAX_ROWS);
            }
        });
        if (headings.isEmpty()) {
            throw KlientException.invalid("imports.file.empty");
        }
        if (rows[0] == 0) {
            throw KlientException.invalid("imports.file.noRows");
        }
        return new Shape(List.copyOf(headings), rows[0]);
    }

    /** The rows after the headings, in order, to {@code rows}; the headings first to {@code headings}. */
    static void read(byte[] data, Layout layout, Consumer<List<String>> headings, Consumer<Row> rows) {
        switch (layout.format()) {
            case CSV -> csv(data, layout, headings, rows);
            case XLSX -> xlsx(data, headings, rows);
            case VCARD -> vcards(data, layout, headings, rows);
        }
    }

    private static final Pattern PARSER_LINE = Pattern.compile("\\((?:start)?line (\\d+)\\)");

    private static void csv(byte[] data, Layout layout, Consumer<List<String>> headings, Consumer<Row> rows) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(data), Charset.forName(layout.encoding()));
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(layout.delimiter())
                .setIgnoreEmptyLines(true).setTrailingData(true).setMaxRows(MAX_ROWS + 2).get().parse(reader)) {
            boolean first = true;
            for (CSVRecord record : parser) {
                List<String> cells = clean(record.toList());
                if (cells.size() > MAX_COLUMNS) {
                    throw KlientException.invalid("imports.file.tooManyColumns", cells.size(), MAX_COLUMNS);
                }
                if (first) {
                    List<String> names = new ArrayList<>(cells);
                    if (!names.isEmpty() && names.get(0).startsWith("\uFEFF")) {
                        names.set(0, names.get(0).substring(1));
                    }
                    headings.accept(names);
                    first = false;
                }
                else if (cells.stream().allMatch(c -> c == null || c.isBlank())) {
                    // ";;;;;;" at the end of a sheet saved from a spreadsheet is no row, as an empty line is not
                    continue;
                }
                else {
                    rows.accept(new Row(record.getRecordNumber(), cells));
                }
            }
        }
        catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                Matcher m = PARSER_LINE.matcher(String.valueOf(t.getMessage()));
                if (m.find()) {
                    throw KlientException.invalid("imports.file.cut", Long.parseLong(m.group(1)));
                }
            }
            throw KlientException.invalid("imports.file.unreadable");
        }
    }

    private static void xlsx(byte[] data, Consumer<List<String>> headings, Consumer<Row> rows) {
        try (OPCPackage pkg = OPCPackage.open(new ByteArrayInputStream(data))) {
            XSSFReader reader = new XSSFReader(pkg);
            ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg, false);
            var sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw KlientException.invalid("imports.file.empty");
            }
            try (InputStream sheet = sheets.next()) {
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(reader.getStylesTable(), null, strings,
                        new XSSFSheetXMLHandler.SheetContentsHandler() {
                            private final List<String> cells = new ArrayList<>();
                            private boolean first = true;

                            @Override
                            public void startRow(int rowNum) {
                                cells.clear();
                            }

                            @Override
                            public void endRow(int rowNum) {
                                if (cells.stream().allMatch(c -> c == null || c.isBlank())) {
                                    return;
                                }
                                List<String> row = clean(cells.stream().map(c -> c == null ? "" : c).toList());
                                if (first) {
                                    headings.accept(row);
                                    first = false;
                                }
                                else {
                                    rows.accept(new Row(rowNum + 1L, row));
                                }
                            }

                            @Override
                            public void cell(String reference, String value, XSSFComment comment) {
                                int column = reference == null ? cells.size()
                                        : new CellReference(reference).getCol();
                                if (column >= MAX_COLUMNS) {
                                    throw KlientException.invalid("imports.file.tooManyColumns", column + 1,
                                            MAX_COLUMNS);
                                }
                                while (cells.size() <= column) {
                                    cells.add(null);
                                }
                                cells.set(column, value);
                            }
                        }, new IsoDates(), false));
                parser.parse(new InputSource(sheet));
            }
        }
        catch (Exception e) {
            // what the rows' reader throws to refuse a row or to stop early comes through, maybe wrapped by the parser
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof KlientException || t instanceof Imports.Enough) {
                    throw (RuntimeException) t;
                }
            }
            throw KlientException.invalid("imports.file.unreadable");
        }
    }

    private static void vcards(byte[] data, Layout layout, Consumer<List<String>> headings, Consumer<Row> rows) {
        headings.accept(VCARD_HEADINGS);
        String text = new String(data, Charset.forName(layout.encoding())).replace("\r\n", "\n")
                .replaceAll("\n[ \t]", "");
        String[] card = null;
        long number = 1;
        try (var lines = new java.io.BufferedReader(new StringReader(text))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).toUpperCase(Locale.ROOT);
                String property = name.contains(";") ? name.substring(0, name.indexOf(';')) : name;
                property = property.contains(".") ? property.substring(property.indexOf('.') + 1) : property;
                String value = line.substring(colon + 1);
                if (property.equals("BEGIN")) {
                    card = new String[VCARD_HEADINGS.size()];
                    continue;
                }
                if (card == null) {
                    continue;
                }
                switch (property) {
                    case "END" -> {
                        rows.accept(new Row(++number, java.util.Arrays.stream(card).map(c -> c == null ? "" : c)
                                .toList()));
                        card = null;
                    }
                    case "N" -> {
                        List<String> parts = components(value);
                        card[0] = part(parts, 0);
                        card[1] = part(parts, 1);
                    }
                    case "FN" -> {
                        if (card[0] == null || card[0].isBlank()) {
                            card[0] = unescape(value);
                        }
                    }
                    // every e-mail and phone of the card, the first (the preferred one, in order) first
                    case "EMAIL" -> card[2] = joined(card[2], "; ", unescape(value));
                    case "TEL" -> card[3] = joined(card[3], "; ", unescape(value.replaceFirst("^tel:", "")));
                    case "ORG" -> card[4] = part(components(value), 0);
                    case "TITLE" -> card[5] = unescape(value);
                    case "ADR" -> {
                        List<String> parts = components(value);
                        card[6] = part(parts, 2);
                        card[7] = part(parts, 3);
                        card[8] = part(parts, 4);
                        card[9] = part(parts, 5);
                        card[10] = part(parts, 6);
                    }
                    case "BDAY" -> card[11] = unescape(value);
                    case "CATEGORIES" -> card[12] = joined(card[12], ",", unescape(value));
                    default -> {
                    }
                }
            }
        }
        catch (IOException e) {
            throw KlientException.invalid("imports.file.unreadable");
        }
        if (card != null) {
            throw KlientException.invalid("imports.file.cut", number + 1);
        }
    }

    private static String joined(String cell, String separator, String value) {
        return value.isBlank() ? cell : cell == null ? value : cell + separator + value;
    }

    /** Cells as PostgreSQL stores text: without NUL characters. */
    private static List<String> clean(List<String> cells) {
        return cells.stream().map(c -> c.indexOf('\0') < 0 ? c : c.replace("\0", "")).toList();
    }

    private static List<String> components(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                part.append(c).append(value.charAt(++i));
            }
            else if (c == ';') {
                parts.add(unescape(part.toString()));
                part.setLength(0);
            }
            else {
                part.append(c);
            }
        }
        parts.add(unescape(part.toString()));
        return parts;
    }

    private static String part(List<String> parts, int i) {
        return i < parts.size() ? parts.get(i) : null;
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n").replace("\\N", "\n").replace("\\,", ",").replace("\\;", ";")
                .replace("\\\\", "\\").strip();
    }

    /** The layout's fingerprint: the same headings (folded) give the same signature, whatever the kind. */
    static String signature(List<String> headings) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String heading : headings) {
                sha.update(TableImport.heading(heading).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(sha.digest());
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Numbers as a sheet shows them, except a cell formatted as a date, which is read as an ISO date (with its time,
     * when it has one) rather than as the text Excel shows in some locale ({@code 3/12/75}).
     */
    private static final class IsoDates extends DataFormatter {

        private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

        IsoDates() {
            super(Locale.ROOT);
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString,
                boolean use1904Windowing) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime moment = DateUtil.getLocalDateTime(value, use1904Windowing, true);
                return moment.toLocalTime().equals(LocalTime.MIDNIGHT) ? moment.toLocalDate().toString()
                        : moment.format(MOMENT);
            }
            return super.formatRawCellContents(value, formatIndex, formatString, use1904Windowing);
        }
    }
}
