package app.klient.search.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.platform.InvalidFields;
import app.klient.platform.SearchText;
import app.klient.platform.web.Formats;
import app.klient.search.GlobalSearch;
import app.klient.search.SearchGroup;
import app.klient.search.SearchHit;
import app.klient.search.SearchKind;
import app.klient.search.SearchRequest;
import app.klient.search.SearchResults;
import app.klient.search.Visibility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Global search on PostgreSQL: for each kind, its rows whose folded text contains the query, found through a
 * trigram index (the records' {@code search_text}, or {@code search_fold} over the documents' numbers and names,
 * V135), shown in the order of the kind's list.
 *
 * <p>Each kind reads at most {@link #CANDIDATES} matches from its trigram index and orders those. A search for a
 * name, an e-mail, a phone or a number has fewer matches than that, so it shows exactly the list's first records; a
 * fragment thousands of records share shows the first of some of them, says that more matched, and links to the
 * list, which pages through all. The bound is what keeps every search fast: left to itself, the planner walks the
 * name index of a million contacts in order for a fragment it guesses to be common, and reads half the table when
 * the guess is wrong (1.6 s for "kolasa" over 200,000 companies, all of whose Kolasas sort late); sequential scans
 * are switched off for the search's own transaction for the same reason.
 */
@Component
class PostgresSearch implements GlobalSearch {

    /** A quote's number as people write it: OF/12/2, 12/2 or 12 (the first revision's id, then the revision). */
    private static final Pattern QUOTE_NUMBER = Pattern.compile("(?:of\\s*/?\\s*)?(\\d{1,15})(?:\\s*/\\s*(\\d{1,6}))?");

    /** Customers whose documents a quote or order search also shows, at most: enough for one name, not a scan. */
    private static final int CUSTOMERS = 50;

    /** Matches of one kind read from the index at most, before they are ordered (more when more are shown). */
    static final int CANDIDATES = 50;

    private static final Map<SearchKind, String> QUERIES = new EnumMap<>(SearchKind.class);

    static {
        QUERIES.put(SearchKind.COMPANY, """
                select x.id, x.name as title, concat_ws(' · ', x.tax_id, x.billing_city, x.email) as detail
                from (select * from companies where search_text like :q limit :candidates) x
                order by lower(x.name), x.id limit :n""");
        QUERIES.put(SearchKind.CONTACT, """
                select x.id, concat_ws(' ', x.first_name, x.last_name) as title,
                       concat_ws(' · ', x.emails[1], x.phones[1], c.name) as detail
                from (select * from contacts where search_text like :q limit :candidates) x
                left join companies c on c.id = x.company_id
                order by lower(x.last_name), coalesce(lower(x.first_name), ''), x.id limit :n""");
        QUERIES.put(SearchKind.LEAD, """
                select x.id, coalesce(nullif(concat_ws(' ', x.first_name, x.last_name), ''), x.company_name, x.email)
                           as title,
                       concat_ws(' · ', x.company_name, x.email, x.phone) as detail
                from (select * from leads where search_text like :q limit :candidates) x
                order by x.created_at desc, x.id desc limit :n""");
        QUERIES.put(SearchKind.DEAL, """
                select x.id, x.name as title, c.name as detail, x.amount, x.currency
                from (select * from deals where search_text like :q limit :candidates) x
                left join companies c on c.id = x.company_id
                order by x.updated_at desc, x.id desc limit :n""");
        QUERIES.put(SearchKind.QUOTE, """
                select x.id, 'OF/' || coalesce(x.root_id, x.id) || '/' || x.revision as title,
                       c.name as detail, x.gross_total as amount, x.currency
                from (select * from quotes
                      where coalesce(root_id, id) = :root and (cast(:revision as integer) is null or revision = :revision)
                         or company_id = any(array(select id from companies where search_text like :q
                                                   limit :customers))
                      limit :candidates) x
                left join companies c on c.id = x.company_id
                order by x.created_at desc, x.id desc limit :n""");
        QUERIES.put(SearchKind.ORDER, """
                select x.id, x.number as title, c.name as detail, x.gross_total as amount, x.currency
                from (select * from orders
                      where search_fold(number || ' ' || coalesce(external_id, '')) like :literal
                         or search_fold(number || ' ' || coalesce(external_id, '')) like :q
                         or company_id = any(array(select id from companies where search_text like :q
                                                   limit :customers))
                      limit :candidates) x
                left join companies c on c.id = x.company_id
                order by x.ordered_at desc, x.id desc limit :n""");
        QUERIES.put(SearchKind.INVOICE, """
                select x.id, x.number as title,
                       concat_ws(' · ', x.buyer_name, x.buyer_tax_id) as detail,
                       x.gross_total as amount, x.currency
                from (select * from invoices
                      where search_fold(number || ' ' || buyer_name || ' ' || coalesce(buyer_tax_id, '') || ' '
                                        || coalesce(buyer_vat_id, '')) like :literal
                         or search_fold(number || ' ' || buyer_name || ' ' || coalesce(buyer_tax_id, '') || ' '
                                        || coalesce(buyer_vat_id, '')) like :q
                      limit :candidates) x
                order by x.issue_date desc, x.id desc limit :n""");
        QUERIES.put(SearchKind.TICKET, """
                select x.id, x.number || ' ' || x.subject as title, x.requester_email as detail
                from (select * from tickets
                      where search_fold(number || ' ' || subject || ' ' || coalesce(requester_email, '')) like :literal
                         or search_fold(number || ' ' || subject || ' ' || coalesce(requester_email, '')) like :q
                      limit :candidates) x
                order by x.created_at desc, x.id desc limit :n""");
        QUERIES.put(SearchKind.PRODUCT, """
                select x.id, x.name as title, x.sku as detail
                from (select * from products where search_text like :q limit :candidates) x
                order by lower(x.name), x.id limit :n""");
    }

    /** The kinds whose queries also read an {@code amount} and its {@code currency}. */
    private static final Set<SearchKind> WITH_AMOUNT = Set.of(SearchKind.DEAL, SearchKind.QUOTE, SearchKind.ORDER,
            SearchKind.INVOICE);

    private final JdbcClient jdbc;
    private final Formats formats;

    PostgresSearch(JdbcClient jdbc, Formats formats) {
        this.jdbc = jdbc;
        this.formats = formats;
    }

    @Override
    @app.klient.platform.db.MayLag
    @Transactional(readOnly = true)
    public SearchResults search(SearchRequest request) {
        String text = checked(request.text());
        String pattern = SearchText.pattern(text);
        // documents are found by their numbers as typed: FV/2026/12/0003 is not a phone to be read as digits
        String literal = "%" + SearchText.fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%";
        Matcher quote = QUOTE_NUMBER.matcher(text.toLowerCase(Locale.ROOT));
        boolean quoteNumber = quote.matches();
        Set<SearchKind> visible = Visibility.kinds();
        // only the trigram indexes answer "contains", and they answer it in bounded time; see the class comment
        jdbc.sql("set local enable_seqscan = off").update();
        List<SearchGroup> groups = new ArrayList<>();
        for (SearchKind kind : SearchKind.values()) {
            if (!request.kinds().contains(kind) || !visible.contains(kind)) {
                continue;
            }
            List<SearchHit> hits = jdbc.sql(QUERIES.get(kind)).param("q", pattern).param("literal", literal)
                    .param("n", request.limit() + 1).param("candidates", Math.max(CANDIDATES, 2 * request.limit()))
                    .param("customers", CUSTOMERS)
                    .param("root", quoteNumber ? Long.parseLong(quote.group(1)) : -1L)
                    .param("revision", quoteNumber && quote.group(2) != null ? Integer.valueOf(quote.group(2)) : null)
                    .query((rs, n) -> new SearchHit(kind, rs.getLong("id"), rs.getString("title"),
                            detail(kind, rs), kind.pageOf(rs.getLong("id"))))
                    .list();
            if (!hits.isEmpty()) {
                boolean more = hits.size() > request.limit();
                groups.add(new SearchGroup(kind, List.copyOf(more ? hits.subList(0, request.limit()) : hits), more));
            }
        }
        return new SearchResults(text, List.copyOf(groups));
    }

    private static String checked(String text) {
        String stripped = text == null ? "" : text.strip();
        if (stripped.length() < SHORTEST) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("q", "search.tooShort", SHORTEST)));
        }
        if (stripped.length() > LONGEST) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("q", "search.tooLong", LONGEST)));
        }
        return stripped;
    }

    /** The hit's line, its amount (a deal's, a document's total) as money reads in the reader's language. */
    private String detail(SearchKind kind, java.sql.ResultSet rs) throws java.sql.SQLException {
        String detail = blankToNull(rs.getString("detail"));
        java.math.BigDecimal amount = WITH_AMOUNT.contains(kind) ? rs.getBigDecimal("amount") : null;
        if (amount == null) {
            return detail;
        }
        String money = formats.money(amount) + " " + rs.getString("currency");
        return detail == null ? money : detail + " · " + money;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
