package app.klient.marketing.tracking;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.marketing.Consents;
import app.klient.marketing.internal.TrackingTokens;
import app.klient.marketing.internal.TrackingTokens.Ref;
import app.klient.marketing.internal.TrackingTokens.Source;
import app.klient.platform.Phrase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a recipient did with a marketing message: opened it (the pixel), clicked a link, unsubscribed. Each is an
 * event in {@code marketing_events}; the first open and the first click also mark the recipient's row and go on the
 * contact's timeline. Only messages Klient sent count: a token whose recipient row does not exist records nothing.
 */
@Service
public class Engagement {

    private final JdbcClient jdbc;
    private final Timeline timeline;
    private final Consents consents;
    /** A campaign's links never change once made: their ids are kept, so that a click asks the database once. */
    private final java.util.Map<String, Long> links = new java.util.concurrent.ConcurrentHashMap<>();

    Engagement(JdbcClient jdbc, Timeline timeline, Consents consents) {
        this.jdbc = jdbc;
        this.timeline = timeline;
        this.consents = consents;
    }

    /** The pixel was loaded. */
    @Transactional
    public void opened(Ref ref) {
        if (ref.source() == Source.CAMPAIGN) {
            relaxedCommit();
            // one statement: the event, the first open, and a soft-bounce streak ended (the message arrived)
            Boolean first = jdbc.sql("""
                    with r as (select campaign_id, contact_id, address, opened_at from campaign_recipients
                               where campaign_id = :campaign and contact_id = :contact and state in ('SENT', 'BOUNCED')),
                         e as (insert into marketing_events (campaign_id, contact_id, kind)
                               select campaign_id, contact_id, 'OPEN' from r returning 1),
                         f as (update campaign_recipients x set opened_at = now() from r
                               where x.campaign_id = r.campaign_id and x.contact_id = r.contact_id
                                 and x.opened_at is null returning 1),
                         s as (delete from soft_bounces b using r where b.address = lower(r.address) returning 1)
                    select exists (select 1 from f) from r""").param("campaign", ref.sourceId())
                    .param("contact", ref.contactId()).query(Boolean.class).optional().orElse(false);
            if (first) {
                campaignEntry(ref, "CAMPAIGN_OPENED", null);
            }
        }
        else if (ref.source() == Source.JOURNEY) {
            jdbc.sql("""
                    insert into marketing_events (contact_id, kind, detail)
                    select id, 'OPEN', :detail from contacts where id = :contact""")
                    .param("contact", ref.contactId()).param("detail", "journey:" + ref.sourceId()).update();
        }
    }

    /** A tracked link was followed to {@code url} (its signature already checked). */
    @Transactional
    public void clicked(Ref ref, String url) {
        if (ref.source() == Source.CAMPAIGN) {
            relaxedCommit();
            Long link = url.length() > 2000 ? null : link(ref.sourceId(), url);
            Boolean first = jdbc.sql("""
                    with r as (select campaign_id, contact_id, address, clicked_at from campaign_recipients
                               where campaign_id = :campaign and contact_id = :contact and state in ('SENT', 'BOUNCED')),
                         e as (insert into marketing_events (campaign_id, contact_id, kind, link_id)
                               select campaign_id, contact_id, 'CLICK', :link from r returning 1),
                         f as (update campaign_recipients x set clicked_at = now(),
                                   opened_at = coalesce(x.opened_at, now()) from r
                               where x.campaign_id = r.campaign_id and x.contact_id = r.contact_id
                                 and x.clicked_at is null returning 1),
                         s as (delete from soft_bounces b using r where b.address = lower(r.address) returning 1)
                    select exists (select 1 from f) from r""").param("campaign", ref.sourceId())
                    .param("contact", ref.contactId()).param("link", link).query(Boolean.class).optional()
                    .orElse(false);
            if (first) {
                campaignEntry(ref, "CAMPAIGN_CLICKED", Phrase.of("tracking.timeline.clicked", shortUrl(url)));
            }
        }
        else if (ref.source() == Source.JOURNEY) {
            jdbc.sql("""
                    insert into marketing_events (contact_id, kind, detail)
                    select id, 'CLICK', :detail from contacts where id = :contact""")
                    .param("contact", ref.contactId()).param("detail", cut("journey:" + ref.sourceId() + " " + url, 500))
                    .update();
        }
    }

    /**
     * Opens and clicks come by the thousand a second after a campaign goes out; their commit does not wait for the
     * disk (PostgreSQL's synchronous_commit, for this transaction only). A crash may lose the last fraction of a
     * second of them, never corrupt anything: counts of opens are statistics, not records anyone relies on.
     */
    private void relaxedCommit() {
        jdbc.sql("set local synchronous_commit = off").update();
    }

    private Long link(long campaignId, String url) {
        String key = campaignId + " " + url;
        Long cached = links.get(key);
        if (cached != null) {
            return cached;
        }
        Long id = findOrAddLink(campaignId, url);
        if (id != null) {
            if (links.size() > 10_000) {
                links.clear();
            }
            links.put(key, id);
        }
        return id;
    }

    private Long findOrAddLink(long campaignId, String url) {
        Optional<Long> known = jdbc.sql("select id from campaign_links where campaign_id = :campaign and url = :url")
                .param("campaign", campaignId).param("url", url).query(Long.class).optional();
        if (known.isPresent()) {
            return known.get();
        }
        jdbc.sql("""
                insert into campaign_links (campaign_id, url) select id, :url from campaigns where id = :campaign
                on conflict (campaign_id, url) do nothing""").param("campaign", campaignId).param("url", url).update();
        return jdbc.sql("select id from campaign_links where campaign_id = :campaign and url = :url")
                .param("campaign", campaignId).param("url", url).query(Long.class).optional().orElse(null);
    }

    /**
     * What the unsubscribe page says: the purpose the message was sent for (its labels by language; empty for a
     * message of no single purpose), the language to say it in, and whether the person still receives it.
     */
    public record Unsubscribe(Ref ref, Long purposeId, Map<String, String> purposeLabels, String language,
            boolean subscribed) {

        /** A test send or a preview: its page is a sample, and unsubscribing from it changes nothing. */
        public boolean test() {
            return ref.source() == Source.TEST;
        }
    }

    /** The message the token names, when Klient sent it to that contact; empty for one it did not. */
    @Transactional(readOnly = true)
    public Optional<Unsubscribe> unsubscribe(Ref ref) {
        record Facts(Long purposeId, String en, String pl, String cs, String language) {
        }
        Optional<Facts> facts = switch (ref.source()) {
            case CAMPAIGN -> jdbc.sql("""
                    select p.id, p.label_en, p.label_pl, p.label_cs, coalesce(r.language, c.preferred_language)
                    from campaign_recipients r join campaigns k on k.id = r.campaign_id
                    join consent_purposes p on p.id = k.purpose_id join contacts c on c.id = r.contact_id
                    where r.campaign_id = :source and r.contact_id = :contact""")
                    .param("source", ref.sourceId()).param("contact", ref.contactId())
                    .query((rs, n) -> new Facts(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5))).optional();
            case JOURNEY -> jdbc.sql("""
                    select p.id, p.label_en, p.label_pl, p.label_cs, c.preferred_language
                    from journeys j join consent_purposes p on p.id = j.purpose_id, contacts c
                    where j.id = :source and c.id = :contact
                      and exists (select 1 from journey_sends s where s.journey_id = j.id and s.contact_id = c.id
                                  and s.state = 'SENT')""")
                    .param("source", ref.sourceId()).param("contact", ref.contactId())
                    .query((rs, n) -> new Facts(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5))).optional();
            // a test send or a preview: the page the campaign's recipients would see, about nobody in particular
            // (even a test token of an older build that named a real contact reads nothing of that contact)
            case TEST -> jdbc.sql("""
                    select p.id, p.label_en, p.label_pl, p.label_cs, k.default_language
                    from campaigns k join consent_purposes p on p.id = k.purpose_id where k.id = :source""")
                    .param("source", ref.sourceId())
                    .query((rs, n) -> new Facts(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5))).optional();
            case CONFIRMATION -> Optional.empty();
        };
        return facts.map(f -> new Unsubscribe(ref, f.purposeId(), f.purposeId() == null ? Map.of()
                : Map.of("en", f.en(), "pl", f.pl(), "cs", f.cs()), f.language(),
                ref.source() == Source.TEST || subscribed(ref.contactId(), f.purposeId())));
    }

    private boolean subscribed(long contactId, Long purposeId) {
        return jdbc.sql("""
                select exists (select 1 from consent_states where contact_id = :contact and channel = 'EMAIL'
                               and state <> 'WITHDRAWN' and (cast(:purpose as bigint) is null or purpose_id = :purpose))""")
                .param("contact", contactId).param("purpose", purposeId).query(Boolean.class).single();
    }

    /**
     * Withdraws the consent the message was sent under (every marketing consent when {@code all}, or when the
     * message had no single purpose). A second request (a replayed link, a mail provider's retry) changes nothing
     * and records nothing.
     */
    @Transactional
    public boolean unsubscribed(Unsubscribe message, boolean all, boolean oneClick, String ipAddress) {
        Ref ref = message.ref();
        if (ref.source() != Source.CAMPAIGN && ref.source() != Source.JOURNEY) {
            // only a message Klient sent to the contact withdraws anything: never a test send or a preview
            return false;
        }
        Long purpose = all ? null : message.purposeId();
        String detail = ref.source().name().toLowerCase() + ":" + ref.sourceId() + (oneClick ? " one-click" : " page");
        int changed = purpose == null
                ? consents.withdrawAll(ref.contactId(), Consents.Channel.EMAIL, Consents.Source.UNSUBSCRIBE, detail)
                : consents.change(Consents.Change.of(ref.contactId(), purpose, Consents.Channel.EMAIL,
                        Consents.State.WITHDRAWN, Consents.Source.UNSUBSCRIBE).detail(detail).ipAddress(ipAddress))
                        .isPresent() ? 1 : 0;
        if (changed == 0) {
            return false;
        }
        jdbc.sql("""
                insert into marketing_events (campaign_id, contact_id, kind, detail)
                values (:campaign, :contact, 'UNSUBSCRIBE', :detail)""")
                .param("campaign", ref.source() == Source.CAMPAIGN ? ref.sourceId() : null)
                .param("contact", ref.contactId()).param("detail", detail).update();
        Phrase body = purpose == null ? Phrase.of("tracking.timeline.unsubscribedAll")
                : Phrase.of("tracking.timeline.unsubscribed", Phrase.named(message.purposeLabels().get("en"),
                        message.purposeLabels()));
        if (ref.source() == Source.CAMPAIGN) {
            campaignEntry(ref, "CAMPAIGN_UNSUBSCRIBED", body);
        }
        else {
            timeline.record(TimelineRecord.coded(null, ref.contactId(), "CAMPAIGN_UNSUBSCRIBED", null, body,
                    "marketing", ref.sourceId(), null));
        }
        return true;
    }

    private void campaignEntry(Ref ref, String kind, Phrase body) {
        String name = jdbc.sql("select name from campaigns where id = :id").param("id", ref.sourceId())
                .query(String.class).optional().orElse(null);
        timeline.record(TimelineRecord.coded(null, ref.contactId(), kind, name, body, "marketing", ref.sourceId(),
                null));
    }

    /** A link as a person reads it: host and path, without the query that may carry anyone's identifiers. */
    static String shortUrl(String url) {
        try {
            URI uri = URI.create(url);
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return cut(uri.getHost() + path, 200);
        }
        catch (IllegalArgumentException e) {
            return cut(url, 200);
        }
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Shared with the controllers: the message a token names. */
    static Optional<Ref> ref(TrackingTokens tokens, String token) {
        return tokens.read(token);
    }
}
