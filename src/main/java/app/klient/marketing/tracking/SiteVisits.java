package app.klient.marketing.tracking;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.Phrase;
import app.klient.platform.db.Versions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages of the company's website seen by known contacts. The website's script sends a page view with the mark a
 * tracked click left in the visitor's own browser storage (first-party: nothing is stored on Klient's address); a
 * view is kept only when the mark is ours and the contact agreed to website tracking. Views within 30 minutes of the
 * one before make one visit, and a visit goes on the timeline once, where it began.
 */
@Service
public class SiteVisits {

    static final String PURPOSE = "website-visits";
    private static final Set<String> UTM = Set.of("utm_source", "utm_medium", "utm_campaign", "utm_term",
            "utm_content");

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final Versions versions;
    private final AuditLog audit;

    SiteVisits(JdbcClient jdbc, Timeline timeline, Versions versions, AuditLog audit) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.versions = versions;
        this.audit = audit;
    }

    /** The website's hosts and the settings row's version. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "SiteVisitSettings")
    public record Settings(List<String> websiteHosts, int version) {
    }

    /**
     * The website's hosts as a click needs them: read at most every few seconds, so that a click does not ask the
     * database for settings that change once in a long while (another node's change arrives within that time).
     */
    List<String> websiteHosts() {
        Cached cached = hosts;
        if (cached == null || System.nanoTime() - cached.at() > 5_000_000_000L) {
            cached = new Cached(settings().websiteHosts(), System.nanoTime());
            hosts = cached;
        }
        return cached.hosts();
    }

    private record Cached(List<String> hosts, long at) {
    }

    private volatile Cached hosts;

    @Transactional(readOnly = true)
    public Settings settings() {
        return jdbc.sql("select website_hosts, version from tracking_settings where id = 1")
                .query((rs, n) -> new Settings(hosts(rs.getString(1)), rs.getInt(2))).optional()
                .orElse(new Settings(List.of(), 0));
    }

    /** Keeps the website's hosts (one per line or separated by commas or spaces). */
    @Transactional
    public Settings save(String websiteHosts, Integer version) {
        return save(hosts(websiteHosts == null ? "" : websiteHosts), version);
    }

    @Transactional
    public Settings save(List<String> websiteHosts, Integer version) {
        Permission.MARKETING.check();
        List<String> hosts = websiteHosts.stream().map(h -> h == null ? "" : h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty()).distinct().toList();
        String joined = String.join(" ", hosts);
        if (hosts.size() > 20 || joined.length() > 1000 || hosts.stream().anyMatch(h -> !h.matches(
                "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*(:\\d{1,5})?"))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("websiteHosts", "tracking.hosts.invalid")));
        }
        Settings before = settings();
        this.hosts = null;
        versions.change("tracking_settings", 1, version).set("website_hosts = :hosts, updated_at = now()")
                .param("hosts", joined).apply();
        audit.record(AuditAction.UPDATE, "tracking_settings", 1L, null, List.of(new FieldChange("websiteHosts",
                String.join(" ", before.websiteHosts()), joined)));
        return settings();
    }

    static List<String> hosts(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[\\s,;]+")).map(String::strip)
                .map(h -> h.replaceFirst("^https?://", "").replaceFirst("/.*$", "")).filter(h -> !h.isEmpty())
                .distinct().toList();
    }

    /** Whether a tracked click to this address leads to the company's website (so it may carry the mark). */
    boolean website(String url, List<String> hosts) {
        String host = host(url);
        return host != null && hosts.stream().anyMatch(h -> h.startsWith("*.") ? host.endsWith(h.substring(1))
                || host.equals(h.substring(2)) : host.equals(h) || host.equals(h.replaceFirst(":\\d+$", "")));
    }

    private static String host(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * A page view sent by the website's script; answers whether it was kept (an unknown mark, a contact without
     * consent or a page outside the company's website is not).
     */
    @Transactional
    public boolean viewed(long contactId, String url, String title, String referrer) {
        if (url == null || url.length() > 2000 || !(url.startsWith("https://") || url.startsWith("http://"))
                || url.indexOf('\0') >= 0) {
            return false;
        }
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        List<String> hosts = websiteHosts();
        if (uri.getHost() == null || !hosts.isEmpty() && !website(url, hosts)) {
            return false;
        }
        boolean consent = jdbc.sql("""
                select exists (select 1 from consent_states s join consent_purposes p on p.id = s.purpose_id
                               where s.contact_id = :contact and p.key = :purpose and s.channel = 'EMAIL'
                                 and s.state = 'GIVEN')""").param("contact", contactId).param("purpose", PURPOSE)
                .query(Boolean.class).single();
        if (!consent) {
            return false;
        }
        Map<String, String> utm = utm(uri.getRawQuery());
        String path = Engagement.cut(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath(),
                1000);
        Long visit = jdbc.sql("""
                select visit_id from web_visits where contact_id = :contact and at > now() - interval '30 minutes'
                order by at desc limit 1""").param("contact", contactId).query(Long.class).optional()
                .orElse(null);
        long id = jdbc.sql("""
                insert into web_visits (contact_id, url, path, title, referrer, utm_source, utm_medium, utm_campaign,
                                        utm_term, utm_content, visit_id)
                values (:contact, :url, :path, :title, :referrer, :source, :medium, :campaign, :term, :content, :visit)
                returning id""").param("contact", contactId).param("url", clean(url)).param("path", clean(path))
                .param("title", Engagement.cut(clean(title), 300))
                .param("referrer", referrer == null || referrer.length() > 2000 ? null : clean(referrer))
                .param("source", utm.get("utm_source")).param("medium", utm.get("utm_medium"))
                .param("campaign", utm.get("utm_campaign")).param("term", utm.get("utm_term"))
                .param("content", utm.get("utm_content")).param("visit", visit).query(Long.class).single();
        if (visit == null) {
            jdbc.sql("update web_visits set visit_id = id where id = :id").param("id", id).update();
            String source = utm.get("utm_source");
            timeline.record(TimelineRecord.coded(null, contactId, "WEBSITE_VISIT", Engagement.cut(title == null
                    || title.isBlank() ? path : clean(title), 200), source == null
                            ? Phrase.of("tracking.timeline.visit", path)
                            : Phrase.of("tracking.timeline.visitFrom", path, source,
                                    utm.getOrDefault("utm_campaign", "—")), "marketing", id, null));
        }
        return true;
    }

    /** One visit on the card: when it began, its pages in order, where it came from. */
    public record Visit(long id, java.time.Instant at, List<String> paths, String utmSource, String utmCampaign) {
    }

    /** The contact's latest visits (at most {@code limit}), each with its pages. */
    @Transactional(readOnly = true)
    public List<Visit> recent(long contactId, int limit) {
        record Row(long visit, java.time.Instant at, String path, String source, String campaign) {
        }
        List<Row> rows = jdbc.sql("""
                with v as (select visit_id from web_visits where contact_id = :contact and visit_id = id
                           order by at desc limit :limit)
                select w.visit_id, w.at, w.path, w.utm_source, w.utm_campaign from web_visits w
                where w.contact_id = :contact and w.visit_id in (select visit_id from v) order by w.visit_id desc, w.id
                limit 500""").param("contact", contactId).param("limit", limit)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5))).list();
        Map<Long, List<Row>> byVisit = rows.stream().collect(Collectors.groupingBy(Row::visit,
                java.util.LinkedHashMap::new, Collectors.toList()));
        return byVisit.values().stream().map(r -> new Visit(r.get(0).visit(), r.get(0).at(),
                r.stream().map(Row::path).toList(), r.get(0).source(), r.get(0).campaign())).toList();
    }

    /** One page view, as the API lists it. */
    public record View(long id, long visitId, java.time.Instant at, String url, String path, String title,
            String utmSource, String utmMedium, String utmCampaign, String utmTerm) {
    }

    public record Views(List<View> items, long total) {
    }

    /** The contact's page views, the newest first, a page at a time (web_visits_contact_idx). */
    @Transactional(readOnly = true)
    public Views views(long contactId, int page, int size) {
        List<View> items = jdbc.sql("""
                select id, coalesce(visit_id, id), at, url, path, title, utm_source, utm_medium, utm_campaign, utm_term
                from web_visits where contact_id = :contact order by at desc, id desc limit :size offset :offset""")
                .param("contact", contactId).param("size", size).param("offset", (long) page * size)
                .query((rs, n) -> new View(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9), rs.getString(10))).list();
        long total = page == 0 && items.size() < size ? items.size()
                : jdbc.sql("select count(*) from web_visits where contact_id = :contact").param("contact", contactId)
                        .query(Long.class).single();
        return new Views(items, total);
    }

    static Map<String, String> utm(String rawQuery) {
        Map<String, String> found = new HashMap<>();
        if (rawQuery == null) {
            return found;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).strip();
                if (UTM.contains(name) && !value.isEmpty()) {
                    found.putIfAbsent(name, Engagement.cut(clean(value), 100));
                }
            }
            catch (IllegalArgumentException badEncoding) {
                // a value nobody can read is no UTM parameter
            }
        }
        return found;
    }

    private static String clean(String s) {
        return s == null ? null : s.replace("\0", "");
    }
}
