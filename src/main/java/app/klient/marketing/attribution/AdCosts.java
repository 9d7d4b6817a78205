package app.klient.marketing.attribution;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.InvalidFields.FieldError;
import app.klient.platform.KlientException;
import app.klient.platform.web.CountedPage;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ad costs per keyword and day, imported from the files ad platforms export (CSV with comma, semicolon or tab, or
 * XLSX; Google Ads' title rows and total rows are passed over; Meta's "Amount spent (PLN)" names its currency).
 * All or nothing: one bad row refuses the whole file, each problem named with its line, and nothing is written.
 * The same platform, campaign, keyword and day imported again replaces the figure.
 */
@Service
public class AdCosts {

    public static final int MAX_ROWS = 200_000;
    public static final int MAX_BYTES = 20 * 1024 * 1024;
    private static final int MAX_PROBLEMS = 50;
    private static final Map<String, String> COLUMNS = new HashMap<>();

    static {
        for (String name : List.of("day", "date", "data", "datum", "den", "reportingstarts", "dzien")) {
            COLUMNS.put(name, "day");
        }
        for (String name : List.of("keyword", "keywords", "searchkeyword", "searchterm", "term", "utmterm",
                "adsetname", "adgroupkeyword", "slowokluczowe", "klicoveslovo", "klicovaslova")) {
            COLUMNS.put(name, "keyword");
        }
        for (String name : List.of("cost", "costs", "spend", "amountspent", "koszt", "koszty", "naklady",
                "naklad", "cena", "vydaje")) {
            COLUMNS.put(name, "cost");
        }
        for (String name : List.of("currency", "currencycode", "waluta", "mena")) {
            COLUMNS.put(name, "currency");
        }
        for (String name : List.of("campaign", "campaignname", "kampania", "kampan", "kampane")) {
            COLUMNS.put(name, "campaign");
        }
        for (String name : List.of("platform", "source", "utmsource", "zrodlo", "zdroj")) {
            COLUMNS.put(name, "platform");
        }
        for (String name : List.of("clicks", "linkclicks", "klikniecia", "kliknuti", "prokliky")) {
            COLUMNS.put(name, "clicks");
        }
        for (String name : List.of("impressions", "impr", "wyswietlenia", "zobrazeni")) {
            COLUMNS.put(name, "impressions");
        }
    }

    private static final Pattern CURRENCY_IN_HEADER = Pattern.compile("\\(([A-Za-z]{3})\\)");
    private static final List<DateTimeFormatter> DAYS = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("yyyy/M/d"), DateTimeFormatter.ofPattern("d.M.yyyy"),
            DateTimeFormatter.ofPattern("d. M. yyyy"));

    /** One cost as read from the file, with the line it came from. */
    record Cost(int line, LocalDate day, String platform, String campaign, String keyword, BigDecimal cost,
            Integer clicks, Long impressions) {
    }

    /** What an import stored. */
    public record Imported(long importId, int rows, LocalDate from, LocalDate to, int keywords, BigDecimal cost,
            String currency) implements java.io.Serializable {
    }

    /** One stored cost. */
    public record AdCost(long id, LocalDate day, String platform, String campaign, String keyword, BigDecimal cost,
            String currency, Integer clicks, Long impressions) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final String currency;

    AdCosts(JdbcClient jdbc, JdbcTemplate template, @Value("${klient.currency:PLN}") String currency) {
        this.jdbc = jdbc;
        this.template = template;
        this.currency = currency;
    }

    @Transactional
    public Imported importFile(String fileName, byte[] content) {
        Permission.MARKETING.check();
        if (content == null || content.length == 0) {
            throw KlientException.invalid("attribution.import.empty");
        }
        if (content.length > MAX_BYTES) {
            throw new KlientException(HttpStatus.PAYLOAD_TOO_LARGE, "error.tooLarge");
        }
        List<Line> lines = isZip(content) ? xlsx(content) : csv(text(content));
        List<Cost> costs = read(lines);
        return store(fileName, costs);
    }

    @Transactional(readOnly = true)
    public CountedPage<AdCost> list(String keyword, LocalDate from, LocalDate to, Pageable page) {
        String fromAndWhere = " from ad_costs where (cast(:keyword as text) is null"
                + " or lower(keyword) = lower(cast(:keyword as text)))"
                + " and (cast(:from as date) is null or day >= cast(:from as date))"
                + " and (cast(:to as date) is null or day <= cast(:to as date))";
        Map<String, Object> params = new HashMap<>();
        params.put("keyword", keyword == null || keyword.isBlank() ? null : keyword.strip());
        params.put("from", from == null ? null : Date.valueOf(from));
        params.put("to", to == null ? null : Date.valueOf(to));
        Map<String, Object> paged = new HashMap<>(params);
        paged.put("limit", page.getPageSize());
        paged.put("offset", page.getOffset());
        List<AdCost> items = jdbc.sql("select id, day, platform, campaign, keyword, cost, currency, clicks, impressions"
                + fromAndWhere + " order by day desc, id desc limit :limit offset :offset").params(paged)
                .query((rs, n) -> new AdCost(rs.getLong(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getString(7),
                        (Integer) rs.getObject(8), (Long) rs.getObject(9)))
                .list();
        return CountedPage.of(items, page, jdbc, fromAndWhere, params);
    }

    /** A row of the file: its line number (as a spreadsheet or text editor shows it) and its cells. */
    record Line(int number, List<String> cells) {
    }

    private static boolean isZip(byte[] content) {
        return content.length > 4 && content[0] == 'P' && content[1] == 'K' && content[2] == 3 && content[3] == 4;
    }

    private static String text(byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
            if (text.indexOf('\0') >= 0) {
                throw KlientException.invalid("attribution.import.unreadable");
            }
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        }
        catch (CharacterCodingException e) {
            // Google Ads offers UTF-16 with tabs too
            if (content.length > 1 && (content[0] & 0xff) == 0xFF && (content[1] & 0xff) == 0xFE) {
                return new String(content, 2, content.length - 2, StandardCharsets.UTF_16LE);
            }
            throw KlientException.invalid("attribution.import.unreadable");
        }
    }

    private static List<Line> csv(String text) {
        String first = text.lines().filter(l -> !l.isBlank()).skip(0).limit(5).reduce("", (a, b) -> a + b);
        long tabs = first.chars().filter(c -> c == '\t').count();
        long semicolons = first.chars().filter(c -> c == ';').count();
        long commas = first.chars().filter(c -> c == ',').count();
        char delimiter = tabs >= semicolons && tabs >= commas && tabs > 0 ? '\t' : semicolons > commas ? ';' : ',';
        List<Line> lines = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false)
                .setTrim(true).get().parse(new StringReader(text))) {
            long lineBefore = 0;
            for (CSVRecord record : parser) {
                if (lines.size() > MAX_ROWS + 10) {
                    throw KlientException.invalid("attribution.import.tooManyRows", MAX_ROWS);
                }
                lines.add(new Line((int) (lineBefore + 1), record.toList()));
                lineBefore = parser.getCurrentLineNumber();
            }
        }
        catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw KlientException.invalid("attribution.import.unreadable");
        }
        return lines;
    }

    private static List<Line> xlsx(byte[] content) {
        List<Line> lines = new ArrayList<>();
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        try (Workbook book = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            Sheet sheet = book.getSheetAt(0);
            if (sheet.getLastRowNum() > MAX_ROWS + 10) {
                throw KlientException.invalid("attribution.import.tooManyRows", MAX_ROWS);
            }
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < Math.max(0, row.getLastCellNum()); i++) {
                    Cell cell = row.getCell(i);
                    if (cell == null) {
                        cells.add("");
                    }
                    else if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
                        cells.add(cell.getLocalDateTimeCellValue().toLocalDate().toString());
                    }
                    else if (cell.getCellType() == CellType.NUMERIC) {
                        cells.add(BigDecimal.valueOf(cell.getNumericCellValue()).toPlainString());
                    }
                    else {
                        cells.add(formatter.formatCellValue(cell).strip());
                    }
                }
                lines.add(new Line(row.getRowNum() + 1, cells));
            }
        }
        catch (IOException | RuntimeException e) {
            if (e instanceof KlientException known) {
                throw known;
            }
            throw KlientException.invalid("attribution.import.unreadable");
        }
        return lines;
    }

    /** Finds the header (the first row naming a day, a keyword and a cost), then reads every row below it. */
    private List<Cost> read(List<Line> lines) {
        int headerAt = -1;
        Map<String, Integer> columns = new HashMap<>();
        String headerCurrency = null;
        for (int i = 0; i < Math.min(lines.size(), 20) && headerAt < 0; i++) {
            Map<String, Integer> found = new HashMap<>();
            String foundCurrency = null;
            List<String> cells = lines.get(i).cells();
            for (int c = 0; c < cells.size(); c++) {
                String cell = cells.get(c);
                Matcher currencyIn = CURRENCY_IN_HEADER.matcher(cell);
                String name = plain(CURRENCY_IN_HEADER.matcher(cell).replaceAll(""));
                String column = COLUMNS.get(name);
                if (column != null && !found.containsKey(column)) {
                    found.put(column, c);
                    if (column.equals("cost") && currencyIn.find()) {
                        foundCurrency = currencyIn.group(1).toUpperCase(Locale.ROOT);
                    }
                }
            }
            if (found.containsKey("day") && found.containsKey("keyword") && found.containsKey("cost")) {
                headerAt = i;
                columns = found;
                headerCurrency = foundCurrency;
            }
        }
        if (headerAt < 0) {
            throw new InvalidFields(List.of(new FieldError("file", "attribution.import.noHeader")));
        }
        List<FieldError> problems = new ArrayList<>();
        if (headerCurrency != null && !headerCurrency.equals(currency)) {
            problems.add(new FieldError("file", "attribution.import.currency", lines.get(headerAt).number(),
                    headerCurrency, currency));
        }
        List<Cost> costs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Line line : lines.subList(headerAt + 1, lines.size())) {
            if (problems.size() >= MAX_PROBLEMS) {
                break;
            }
            List<String> cells = line.cells();
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            String firstCell = cells.get(0).toLowerCase(Locale.ROOT);
            if (firstCell.startsWith("total") || firstCell.startsWith("razem") || firstCell.startsWith("celkem")
                    || firstCell.startsWith("suma")) {
                continue;
            }
            if (costs.size() >= MAX_ROWS) {
                throw KlientException.invalid("attribution.import.tooManyRows", MAX_ROWS);
            }
            int n = line.number();
            int before = problems.size();
            String dayText = cell(cells, columns.get("day"));
            LocalDate day = day(dayText);
            if (day == null) {
                problems.add(new FieldError("file", "attribution.import.badDay", n, shorten(dayText)));
            }
            String keyword = cell(cells, columns.get("keyword"));
            if (keyword.isBlank() || keyword.equals("--")) {
                problems.add(new FieldError("file", "attribution.import.noKeyword", n));
            }
            else if (keyword.length() > 100 || keyword.chars().anyMatch(Character::isISOControl)) {
                problems.add(new FieldError("file", "attribution.import.badKeyword", n));
            }
            String costText = cell(cells, columns.get("cost"));
            BigDecimal cost = amount(costText);
            if (cost == null || cost.signum() < 0 || cost.compareTo(new BigDecimal("999999999999")) > 0) {
                problems.add(new FieldError("file", "attribution.import.badCost", n, shorten(costText)));
            }
            if (columns.containsKey("currency")) {
                String code = cell(cells, columns.get("currency")).toUpperCase(Locale.ROOT);
                if (!code.isBlank() && !code.equals(currency)) {
                    problems.add(new FieldError("file", "attribution.import.currency", n, shorten(code), currency));
                }
            }
            Integer clicks = null;
            Long impressions = null;
            if (columns.containsKey("clicks") && !cell(cells, columns.get("clicks")).isBlank()) {
                BigDecimal value = amount(cell(cells, columns.get("clicks")));
                if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                    problems.add(new FieldError("file", "attribution.import.badNumber", n,
                            shorten(cell(cells, columns.get("clicks")))));
                }
                else {
                    clicks = value.intValue();
                }
            }
            if (columns.containsKey("impressions") && !cell(cells, columns.get("impressions")).isBlank()) {
                BigDecimal value = amount(cell(cells, columns.get("impressions")));
                if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                    problems.add(new FieldError("file", "attribution.import.badNumber", n,
                            shorten(cell(cells, columns.get("impressions")))));
                }
                else {
                    impressions = value.longValue();
                }
            }
            String campaign = limited(cell(cells, columns.get("campaign")), 200);
            String platform = limited(cell(cells, columns.get("platform")), 40);
            if (campaign == null || platform == null) {
                problems.add(new FieldError("file", "attribution.import.tooLong", n));
            }
            if (problems.size() > before) {
                continue;
            }
            String key = platform + "\u0001" + campaign + "\u0001" + keyword.toLowerCase(Locale.ROOT) + "\u0001" + day;
            if (!seen.add(key)) {
                problems.add(new FieldError("file", "attribution.import.duplicate", n, shorten(keyword), day));
                continue;
            }
            costs.add(new Cost(n, day, platform, campaign, keyword, cost.setScale(2, java.math.RoundingMode.HALF_UP),
                    clicks, impressions));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFields(problems);
        }
        if (costs.isEmpty()) {
            throw KlientException.invalid("attribution.import.empty");
        }
        return costs;
    }

    private Imported store(String fileName, List<Cost> costs) {
        String name = fileName == null ? null : fileName.replaceAll("\\p{Cntrl}", "");
        long importId = jdbc.sql("""
                insert into ad_cost_imports (file_name, rows, by_user_id) values (:name, :rows, :user) returning id""")
                .param("name", name == null ? null : name.substring(0, Math.min(255, name.length())))
                .param("rows", costs.size()).param("user", CurrentUser.id()).query(Long.class).single();
        template.batchUpdate("""
                insert into ad_costs (day, platform, campaign, keyword, cost, currency, clicks, impressions, import_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (platform, campaign, keyword, day) do update set cost = excluded.cost,
                    currency = excluded.currency, clicks = excluded.clicks, impressions = excluded.impressions,
                    import_id = excluded.import_id""", costs, 1000, (ps, cost) -> {
            ps.setDate(1, Date.valueOf(cost.day()));
            ps.setString(2, cost.platform());
            ps.setString(3, cost.campaign());
            ps.setString(4, cost.keyword());
            ps.setBigDecimal(5, cost.cost());
            ps.setString(6, currency);
            ps.setObject(7, cost.clicks());
            ps.setObject(8, cost.impressions());
            ps.setLong(9, importId);
        });
        LocalDate from = costs.stream().map(Cost::day).min(LocalDate::compareTo).orElseThrow();
        LocalDate to = costs.stream().map(Cost::day).max(LocalDate::compareTo).orElseThrow();
        int keywords = (int) costs.stream().map(c -> c.keyword().toLowerCase(Locale.ROOT)).distinct().count();
        BigDecimal total = costs.stream().map(Cost::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Imported(importId, costs.size(), from, to, keywords, total, currency);
    }

    /** A header as letters a–z only: "Słowo kluczowe" is "slowokluczowe", "Dzień" is "dzien". */
    static String plain(String header) {
        String lower = header.toLowerCase(Locale.ROOT).replace('ł', 'l');
        return java.text.Normalizer.normalize(lower, java.text.Normalizer.Form.NFD).replaceAll("[^a-z]", "");
    }

    private static String cell(List<String> cells, Integer index) {
        return index == null || index >= cells.size() ? "" : cells.get(index).strip();
    }

    private static String limited(String value, int max) {
        return value.length() > max ? null : value;
    }

    private static String shorten(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
    }

    static LocalDate day(String text) {
        String value = text.strip();
        if (value.length() > 10 && value.charAt(10) == ' ' || value.length() > 10 && value.charAt(10) == 'T') {
            value = value.substring(0, 10);
        }
        for (DateTimeFormatter format : DAYS) {
            try {
                LocalDate day = LocalDate.parse(value, format);
                return day.getYear() < 2000 || day.getYear() > 2100 ? null : day;
            }
            catch (DateTimeParseException e) {
                // the next format
            }
        }
        return null;
    }

    /** "1,234.56", "1 234,56", "12.50 zł", "PLN 7": the last of ',' or '.' followed by one or two digits is the decimal point. */
    static BigDecimal amount(String text) {
        String value = text.replaceAll("[\\s\\u00a0\\u202f']", "").replaceAll("^[^0-9.,-]+|[^0-9.,]+$", "");
        if (value.isEmpty() || value.length() > 30 || !value.matches("-?[0-9.,]+")) {
            return null;
        }
        int comma = value.lastIndexOf(',');
        int dot = value.lastIndexOf('.');
        int decimal = Math.max(comma, dot);
        String normal;
        if (decimal >= 0 && value.length() - decimal - 1 <= 2 && value.length() - decimal - 1 > 0) {
            normal = value.substring(0, decimal).replaceAll("[.,]", "") + "." + value.substring(decimal + 1);
        }
        else {
            normal = value.replaceAll("[.,]", "");
        }
        try {
            return new BigDecimal(normal);
        }
        catch (NumberFormatException e) {
            return null;
        }
    }
}
