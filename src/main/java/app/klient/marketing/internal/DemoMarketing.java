package app.klient.marketing.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import app.klient.billing.InvoiceForm;
import app.klient.billing.InvoiceView;
import app.klient.billing.Invoices;
import app.klient.billing.LineForm;
import app.klient.billing.OrderForm;
import app.klient.billing.OrderView;
import app.klient.billing.Orders;
import app.klient.billing.PaymentForm;
import app.klient.billing.PaymentMethod;
import app.klient.billing.Revenue;
import app.klient.customers.Timeline;
import app.klient.customers.TimelineRecord;
import app.klient.identity.CurrentUser;
import app.klient.marketing.Campaigns;
import app.klient.marketing.Campaigns.CampaignForm;
import app.klient.marketing.Campaigns.CampaignView;
import app.klient.marketing.Campaigns.Content;
import app.klient.marketing.Consents;
import app.klient.marketing.SegmentFilter;
import app.klient.marketing.SegmentFilter.Group;
import app.klient.marketing.SegmentFilter.Match;
import app.klient.marketing.SegmentFilter.Rule;
import app.klient.marketing.SegmentForm;
import app.klient.marketing.SegmentKind;
import app.klient.marketing.Segments;
import app.klient.marketing.attribution.AdCosts;
import app.klient.marketing.attribution.Attribution;
import app.klient.marketing.journey.JourneyForm;
import app.klient.marketing.journey.JourneyKind;
import app.klient.marketing.journey.JourneyView;
import app.klient.marketing.journey.Journeys;
import app.klient.platform.DemoData;
import app.klient.platform.Phrase;
import app.klient.sales.LeadForm;
import app.klient.sales.LeadSource;
import app.klient.sales.LeadStatus;
import app.klient.sales.LeadView;
import app.klient.sales.Leads;
import app.klient.sales.SalesFacts;
import net.datafaker.Faker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo company has been marketing for a few months: most contacts get the newsletter by e-mail (agreed on the
 * website, at the fair, on the phone or at the shop's checkout; a few withdrew, one has not confirmed yet), some
 * addresses are suppressed, four segments, last month's newsletter sent with its opens, clicks per link, an
 * unsubscribe, a bounce and its cost, the Christmas campaign scheduled, the January one a draft, three months of
 * paid search with the leads its keywords brought, the birthday journey on, and a few website visits.
 * <p>
 * What Klient's services can do now goes through them (segments, campaigns, cost, ad costs import, leads, journeys,
 * suppressions, today's consent changes); history that only time and an SMTP server could produce (consents given
 * months ago, the sent campaign's recipients and what they did) is written as it would have been recorded then.
 */
@Component
@Order(70)
class DemoMarketing implements DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoMarketing.class);

    static final String SENT_UTM = "november-newsletter";
    static final List<String> KEYWORDS = List.of("crm dla firm", "program do faktur", "system crm cena",
            "crm pro malé firmy", "obsługa klienta program");

    private final JdbcClient jdbc;
    private final Consents consents;
    private final Segments segments;
    private final Campaigns campaigns;
    private final Attribution attribution;
    private final AdCosts adCosts;
    private final Journeys journeys;
    private final Leads leads;
    private final Revenue revenue;
    private final SalesFacts sales;
    private final Orders orders;
    private final Invoices invoices;
    private final Timeline timeline;

    DemoMarketing(JdbcClient jdbc, Consents consents, Segments segments, Campaigns campaigns, Attribution attribution,
            AdCosts adCosts, Journeys journeys, Leads leads, Revenue revenue, SalesFacts sales, Orders orders,
            Invoices invoices, Timeline timeline) {
        this.jdbc = jdbc;
        this.consents = consents;
        this.segments = segments;
        this.campaigns = campaigns;
        this.attribution = attribution;
        this.adCosts = adCosts;
        this.journeys = journeys;
        this.leads = leads;
        this.revenue = revenue;
        this.sales = sales;
        this.orders = orders;
        this.invoices = invoices;
        this.timeline = timeline;
    }

    record Person(long id, String address, String language, String firstName) {
    }

    record Purpose(long id, Map<String, String> labels, Map<String, String> wordings) {
    }

    @Override
    public void fill(Faker faker) {
        long started = System.nanoTime();
        Random random = new Random(18);
        Instant now = Instant.now();
        List<Person> people = jdbc.sql("""
                select id, lower(emails[1]),
                       coalesce(preferred_language, case country when 'CZ' then 'cs' when 'PL' then 'pl' else 'en' end),
                       first_name
                from contacts where cardinality(emails) > 0 order by id""")
                .query((rs, n) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
        if (people.size() < 20) {
            return;
        }
        Purpose newsletter = purpose("newsletter");
        Purpose offers = purpose("offers");
        Purpose visits = purpose("website-visits");
        Long admin = CurrentUser.id();

        // consents, given over the last months from the website, the spring fair, calls and the shop's checkout
        String[][] sources = { { "FORM", "Newsletter box on klient-demo.pl" }, { "IMPORT", "Spring fair 2026 list" },
            { "MANUAL", "Asked during a call" }, { "API", "Web shop checkout" } };
        Instant sentAt = now.minus(Duration.ofDays(26)).minus(Duration.ofHours(3));
        List<Person> subscribers = new ArrayList<>();
        Person pending = null;
        Person unsubscriber = null;
        List<Person> withdrawnByHand = new ArrayList<>();
        List<Person> visitors = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            Person p = people.get(i);
            int kind = i % 10;
            if (kind == 8) {
                if (pending == null) {
                    pending = p;
                }
                continue; // never asked
            }
            String[] source = sources[i % sources.length];
            Instant given = now.minus(Duration.ofDays(45 + random.nextInt(120))).minus(Duration.ofMinutes(
                    random.nextInt(600)));
            history(p, newsletter, "GIVEN", source[0], source[1], "FORM".equals(source[0]) ? "83.1.12." + (i % 250)
                    : null, "MANUAL".equals(source[0]) ? admin : null, given);
            subscribers.add(p);
            if (i % 3 == 0) {
                history(p, offers, "GIVEN", source[0], source[1], null, "MANUAL".equals(source[0]) ? admin : null,
                        given);
            }
            if (kind == 9 && withdrawnByHand.size() < 3) {
                withdrawnByHand.add(p);
            }
            if ("FORM".equals(source[0]) && visitors.size() < 3) {
                history(p, visits, "GIVEN", "FORM", source[1], "83.1.12." + (i % 250), null, given);
                visitors.add(p);
            }
        }

        long consentsDone = System.nanoTime();
        // suppressed: two addresses the marketer stopped by hand (one of them a subscriber), a bounce comes later
        Person stopped = subscribers.get(subscribers.size() - 1);
        // (the first before last month's newsletter, so that the newsletter skipped the address)
        jdbc.sql("""
                insert into suppressions (address, reason, detail, by_user_id, at) values (:a, 'MANUAL', :d, :by, :at)
                on conflict (address) do nothing""").param("a", stopped.address())
                .param("d", "Asked us by phone to stop all mail").param("by", admin)
                .param("at", Timestamp.from(now.minus(Duration.ofDays(40)))).update();
        consents.suppress("faktury@stary-dostawca.pl", Consents.SuppressionReason.MANUAL,
                "Shared mailbox of a former supplier");

        // segments
        Map<String, Long> segmentIds = segments(newsletter, offers, people);

        // last month's newsletter, sent with results
        long sent = sentCampaign(newsletter, segmentIds.get("subscribers"), subscribers, stopped, sentAt, random,
                visitors.isEmpty() ? null : visitors.get(0));
        unsubscriber = jdbc.sql("""
                select contact_id from marketing_events where campaign_id = :c and kind = 'UNSUBSCRIBE'""")
                .param("c", sent).query(Long.class).optional()
                .flatMap(id -> people.stream().filter(p -> p.id() == id).findFirst()).orElse(null);

        long campaignDone = System.nanoTime();
        // today: one person withdrew by hand, one asked on the website and has not confirmed yet
        for (Person p : withdrawnByHand) {
            if (p != unsubscriber && p != stopped) {
                consents.change(Consents.Change.of(p.id(), newsletter.id(), Consents.Channel.EMAIL,
                        Consents.State.WITHDRAWN, Consents.Source.MANUAL).detail("Asked us by e-mail to stop the "
                                + "newsletter"));
            }
        }
        if (pending != null) {
            consents.change(Consents.Change.of(pending.id(), newsletter.id(), Consents.Channel.EMAIL,
                    Consents.State.PENDING, Consents.Source.FORM).detail("Newsletter box on klient-demo.pl")
                    .wording(newsletter.wordings().get(pending.language()), pending.language())
                    .ipAddress("89.64.20.7"));
        }

        // the Christmas campaign scheduled, the January one a draft
        CampaignView christmas = campaigns.create(christmasForm(segmentIds.get("subscribers"), newsletter.id()));
        campaigns.schedule(christmas.id(), new Campaigns.ScheduleForm(OffsetDateTime.now(ZoneOffset.UTC)
                .plusDays(5).withHour(8).withMinute(0).withSecond(0).withNano(0), christmas.version()));
        campaigns.create(januaryForm(segmentIds.get("buyers"), offers.id()));

        // paid search: three months of costs per keyword and the leads the keywords brought
        long beforeAds = System.nanoTime();
        adCosts(random, now);
        long adsDone = System.nanoTime();

        // the birthday journey is on
        for (JourneyView journey : journeys.list()) {
            if (journey.kind() == JourneyKind.BIRTHDAY && !journey.enabled()) {
                journeys.update(journey.id(), new JourneyForm(null, null, true, null, null, null, null, null, null,
                        null, null, journey.version(), null));
            }
        }

        // a few pages seen on the website by contacts who agreed to it
        websiteVisits(visitors, sent, now, random);
        long end = System.nanoTime();
        log.info("Demo marketing filled in {} ms (consents {} ms, segments and the sent campaign {} ms, ad costs and "
                + "keyword customers {} ms)", (end - started) / 1_000_000, (consentsDone - started) / 1_000_000,
                (campaignDone - consentsDone) / 1_000_000, (adsDone - beforeAds) / 1_000_000);
    }

    private Purpose purpose(String key) {
        return jdbc.sql("""
                select id, label_en, label_pl, label_cs, wording_en, wording_pl, wording_cs from consent_purposes
                where key = :key""").param("key", key)
                .query((rs, n) -> new Purpose(rs.getLong(1),
                        Map.of("en", rs.getString(2), "pl", rs.getString(3), "cs", rs.getString(4)),
                        Map.of("en", rs.getString(5), "pl", rs.getString(6), "cs", rs.getString(7))))
                .single();
    }

    /** A consent as it was recorded at the time (the history and the latest state, and its timeline entry). */
    private void history(Person p, Purpose purpose, String state, String source, String detail, String ip, Long by,
            Instant at) {
        String language = List.of("en", "pl", "cs").contains(p.language()) ? p.language() : "en";
        long id = jdbc.sql("""
                insert into consents (contact_id, address, purpose_id, channel, state, source, source_detail,
                                      by_user_id, ip_address, wording, language, at)
                values (:c, :address, :p, 'EMAIL', :state, :source, :detail, :by, :ip, :wording, :language, :at)
                returning id""")
                .param("c", p.id()).param("address", p.address()).param("p", purpose.id()).param("state", state)
                .param("source", source).param("detail", detail).param("by", by).param("ip", ip)
                .param("wording", "UNSUBSCRIBE".equals(source) ? null : purpose.wordings().get(language))
                .param("language", "UNSUBSCRIBE".equals(source) ? null : language)
                .param("at", Timestamp.from(at)).query(Long.class).single();
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                values (:c, :p, 'EMAIL', :state, :id, :at)
                on conflict (contact_id, purpose_id, channel)
                do update set state = excluded.state, consent_id = excluded.consent_id, since = excluded.since""")
                .param("c", p.id()).param("p", purpose.id()).param("state", state).param("id", id)
                .param("at", Timestamp.from(at)).update();
        timeline.record(TimelineRecord.coded(null, p.id(), "CONSENT", null,
                Phrase.of("consent.timeline." + state, Phrase.named(purpose.labels().get("en"), purpose.labels()),
                        Phrase.code("consent.channel.EMAIL", "EMAIL"),
                        Phrase.code("consent.source." + source, source)),
                "marketing", id, by).titled(Phrase.of("consent.timeline.title")).at(at));
    }

    private Map<String, Long> segments(Purpose newsletter, Purpose offers, List<Person> people) {
        Map<String, Long> ids = new LinkedHashMap<>();
        ids.put("subscribers", segments.create(new SegmentForm("Newsletter subscribers",
                "Everyone who agreed to the newsletter by e-mail", SegmentKind.DYNAMIC,
                new SegmentFilter(Match.ALL, List.of(new Group(Match.ALL, List.of(
                        new Rule("marketing.consent", "IS", String.valueOf(newsletter.id()), null))))), null)).id());
        ids.put("buyers", segments.create(new SegmentForm("Bought in the last 90 days",
                "Paid invoices or orders in the last three months", SegmentKind.DYNAMIC,
                new SegmentFilter(Match.ALL, List.of(new Group(Match.ANY, List.of(
                        new Rule("billing.paidCount", "GE", "1", 90),
                        new Rule("billing.orderCount", "GE", "1", 90))))), null)).id());
        ids.put("engaged", segments.create(new SegmentForm("Polish readers worth an offer",
                "Polish contacts who agreed to offers and either opened a campaign in the last 60 days or paid over "
                        + "5,000 in a year",
                SegmentKind.DYNAMIC, new SegmentFilter(Match.ALL, List.of(
                        new Group(Match.ALL, List.of(new Rule("customers.country", "EQ", "PL", null),
                                new Rule("marketing.consent", "IS", String.valueOf(offers.id()), null))),
                        new Group(Match.ANY, List.of(new Rule("marketing.opened", "YES", null, 60),
                                new Rule("billing.paidTotal", "GT", "5000", 365))))), null)).id());
        long fair = segments.create(new SegmentForm("Spring fair VIP guests",
                "Invited to the stand's evening; typed in by hand after the fair", SegmentKind.STATIC, null, null))
                .id();
        List<Long> vip = new ArrayList<>();
        for (int i = 1; i < people.size() && vip.size() < 12; i += 7) {
            vip.add(people.get(i).id());
        }
        segments.add(fair, vip, "HAND");
        ids.put("fair", fair);
        return ids;
    }

    private long sentCampaign(Purpose newsletter, long segmentId, List<Person> subscribers, Person suppressed,
            Instant sentAt, Random random, Person visitor) {
        String[] links = { "https://klient-demo.pl/zima-2026", "https://klient-demo.pl/cennik",
            "https://klient-demo.pl/blog/jak-prowadzic-crm" };
        CampaignView campaign = campaigns.create(new CampaignForm("November newsletter — winter offers",
                newsletter.id(), segmentId, "Klient Demo", "newsletter@klient-demo.pl", "sprzedaz@klient-demo.pl",
                "pl", 600, SENT_UTM, List.of(
                        new Content("en", "Winter offers for {{contact.firstName | \"you\"}}",
                                "<p>Hello {{contact.firstName | \"there\"}},</p><p>winter is here and so are our "
                                        + "offers: <a href=\"" + links[0] + "\">see what is new</a>.</p><p>Our "
                                        + "<a href=\"" + links[1] + "\">price list</a> stays the same until March, "
                                        + "and our blog explains <a href=\"" + links[2] + "\">how to keep a CRM "
                                        + "tidy</a>.</p><p>The Klient Demo team</p>"),
                        new Content("pl", "Zimowe oferty dla {{contact.firstName | \"Ciebie\"}}",
                                "<p>Dzień dobry {{contact.firstName | \"\"}},</p><p>zima już jest, a z nią nasze "
                                        + "oferty: <a href=\"" + links[0] + "\">zobacz nowości</a>.</p><p>Nasz "
                                        + "<a href=\"" + links[1] + "\">cennik</a> nie zmienia się do marca, a na "
                                        + "blogu piszemy, <a href=\"" + links[2] + "\">jak prowadzić CRM w "
                                        + "porządku</a>.</p><p>Zespół Klient Demo</p>"),
                        new Content("cs", "Zimní nabídky pro {{contact.firstName | \"vás\"}}",
                                "<p>Dobrý den {{contact.firstName | \"\"}},</p><p>zima je tu a s ní naše nabídky: "
                                        + "<a href=\"" + links[0] + "\">podívejte se na novinky</a>.</p><p>Náš "
                                        + "<a href=\"" + links[1] + "\">ceník</a> platí beze změny do března a na "
                                        + "blogu radíme, <a href=\"" + links[2] + "\">jak udržet CRM v "
                                        + "pořádku</a>.</p><p>Tým Klient Demo</p>")),
                null));
        long id = campaign.id();
        List<Long> linkIds = new ArrayList<>();
        for (String url : links) {
            linkIds.add(jdbc.sql("insert into campaign_links (campaign_id, url) values (:c, :u) returning id")
                    .param("c", id).param("u", url).query(Long.class).single());
        }
        // who clicked is chosen among those who bought in the month after (their invoices are what the report
        // credits to the campaign), and a few others
        Set<Long> buyers = new HashSet<>();
        LocalDate sentDay = LocalDate.ofInstant(sentAt, ZoneOffset.UTC);
        List<Long> ids = subscribers.stream().map(Person::id).toList();
        revenue.invoicesOf(ids, sentDay.plusDays(1), sentDay.plusDays(28)).stream()
                .sorted(java.util.Comparator.comparing(Revenue.InvoiceFact::net))
                .map(Revenue.InvoiceFact::contactId).distinct().limit(1).forEach(buyers::add);
        // most readers who click do not buy: those with deals in the month after are left to two or three
        Set<Long> dealing = new HashSet<>();
        sales.dealsOf(ids, sentAt, Instant.now().plusSeconds(3600)).forEach(d -> dealing.add(d.contactId()));
        int dealingClicks = 0;
        String name = campaign.name();
        int sentCount = 0;
        int skipped = 0;
        long lastContact = 0;
        Person bounced = subscribers.get(4);
        Person unsubscriber = null;
        for (Person p : subscribers) {
            lastContact = Math.max(lastContact, p.id());
            Instant at = sentAt.plusSeconds(sentCount / 10);
            String language = List.of("en", "pl", "cs").contains(p.language()) ? p.language() : "pl";
            if (p == suppressed) {
                jdbc.sql("""
                        insert into campaign_recipients (campaign_id, contact_id, address, language, state, at,
                                                         on_timeline)
                        values (:c, :k, :a, :l, 'SUPPRESSED', :at, true)""").param("c", id).param("k", p.id())
                        .param("a", p.address()).param("l", language).param("at", Timestamp.from(at)).update();
                skipped++;
                continue;
            }
            sentCount++;
            boolean bounce = p == bounced;
            boolean clicked = !bounce && (buyers.contains(p.id()) || p == visitor || random.nextInt(8) == 0
                    && (!dealing.contains(p.id()) || dealingClicks++ < 3));
            boolean opened = !bounce && (clicked || random.nextInt(100) < 42);
            Instant openedAt = opened ? at.plus(Duration.ofMinutes(20 + random.nextInt(60 * 30))) : null;
            Instant clickedAt = clicked ? openedAt.plus(Duration.ofMinutes(1 + random.nextInt(5))) : null;
            jdbc.sql("""
                    insert into campaign_recipients (campaign_id, contact_id, address, language, state, message_id,
                                                     at, accepted_at, opened_at, clicked_at, on_timeline)
                    values (:c, :k, :a, :l, :state, :m, :at, :at, :opened, :clicked, true)""").param("c", id)
                    .param("k", p.id()).param("a", p.address()).param("l", language)
                    .param("state", bounce ? "BOUNCED" : "SENT")
                    .param("m", "<campaign-" + id + "-" + p.id() + "@klient-demo.pl>")
                    .param("at", Timestamp.from(at)).param("opened", openedAt == null ? null : Timestamp.from(openedAt))
                    .param("clicked", clickedAt == null ? null : Timestamp.from(clickedAt)).update();
            entry(p.id(), "CAMPAIGN_SENT", name, Phrase.of("campaign.timeline.sent"), id, at);
            if (bounce) {
                Instant back = at.plus(Duration.ofMinutes(2));
                event(id, p.id(), "HARD_BOUNCE", null, "5.1.1 mailbox unavailable", back);
                jdbc.sql("""
                        insert into suppressions (address, reason, detail, at) values (:a, 'HARD_BOUNCE', :d, :at)
                        on conflict (address) do nothing""").param("a", p.address())
                        .param("d", "5.1.1 mailbox unavailable (" + name + ")").param("at", Timestamp.from(back))
                        .update();
                entry(p.id(), "CAMPAIGN_BOUNCED", name, Phrase.of("tracking.timeline.bounced", "5.1.1"), id, back);
                continue;
            }
            if (opened) {
                event(id, p.id(), "OPEN", null, null, openedAt);
                entry(p.id(), "CAMPAIGN_OPENED", name, null, id, openedAt);
                if (random.nextInt(3) == 0) {
                    event(id, p.id(), "OPEN", null, null, openedAt.plus(Duration.ofHours(20 + random.nextInt(40))));
                }
            }
            if (clicked) {
                int first = buyers.contains(p.id()) ? random.nextInt(2) : random.nextInt(3);
                event(id, p.id(), "CLICK", linkIds.get(first), null, clickedAt);
                entry(p.id(), "CAMPAIGN_CLICKED", name, Phrase.of("tracking.timeline.clicked",
                        links[first].substring("https://".length())), id, clickedAt);
                if (random.nextInt(3) == 0) {
                    int second = (first + 1) % links.length;
                    event(id, p.id(), "CLICK", linkIds.get(second), null, clickedAt.plus(Duration.ofMinutes(3)));
                }
            }
            else if (opened && unsubscriber == null && sentCount > 10) {
                unsubscriber = p;
                Instant left = openedAt.plus(Duration.ofMinutes(1));
                event(id, p.id(), "UNSUBSCRIBE", null, null, left);
                history(p, newsletter, "WITHDRAWN", "UNSUBSCRIBE", name, null, null, left);
                entry(p.id(), "CAMPAIGN_UNSUBSCRIBED", name, Phrase.of("tracking.timeline.unsubscribed",
                        Phrase.named(newsletter.labels().get("en"), newsletter.labels())), id, left);
            }
        }
        Instant finished = sentAt.plusSeconds(sentCount / 10 + 1);
        jdbc.sql("""
                update campaigns set state = 'SENT', scheduled_at = :scheduled, started_at = :scheduled,
                    finished_at = :finished, sent_count = :sent, skipped_count = :skipped,
                    last_contact_id = :last, created_at = :created, updated_at = :finished, version = version + 1
                where id = :id""").param("scheduled", Timestamp.from(sentAt)).param("finished", Timestamp.from(finished))
                .param("sent", sentCount).param("skipped", skipped).param("last", lastContact)
                .param("created", Timestamp.from(sentAt.minus(Duration.ofDays(3))))
                .param("id", id).update();
        int version = campaigns.get(id).version();
        attribution.setCost(id, new BigDecimal("1800.00"), version);
        return id;
    }

    private void event(long campaign, long contact, String kind, Long link, String detail, Instant at) {
        jdbc.sql("""
                insert into marketing_events (campaign_id, contact_id, kind, link_id, detail, at)
                values (:c, :k, :kind, :link, :detail, :at)""").param("c", campaign).param("k", contact)
                .param("kind", kind).param("link", link).param("detail", detail).param("at", Timestamp.from(at))
                .update();
    }

    private void entry(long contact, String kind, String title, Phrase body, long campaign, Instant at) {
        timeline.record(TimelineRecord.coded(null, contact, kind, title, body, "marketing", campaign, null).at(at));
    }

    private static CampaignForm christmasForm(long segment, long purpose) {
        return new CampaignForm("Christmas greetings and year-end offers", purpose, segment, "Klient Demo",
                "newsletter@klient-demo.pl", "sprzedaz@klient-demo.pl", "pl", 300, "christmas-2026", List.of(
                        new Content("en", "Merry Christmas, {{contact.firstName | \"dear customer\"}}",
                                "<p>Thank you for this year together.</p><p>Until 31 December the "
                                        + "<a href=\"https://klient-demo.pl/koniec-roku\">year-end offers</a> are "
                                        + "10 % cheaper.</p><p>The Klient Demo team</p>"),
                        new Content("pl", "Wesołych Świąt, {{contact.firstName | \"drogi Kliencie\"}}",
                                "<p>Dziękujemy za ten wspólny rok.</p><p>Do 31 grudnia "
                                        + "<a href=\"https://klient-demo.pl/koniec-roku\">oferty na koniec roku</a> "
                                        + "są tańsze o 10 %.</p><p>Zespół Klient Demo</p>"),
                        new Content("cs", "Veselé Vánoce, {{contact.firstName | \"milý zákazníku\"}}",
                                "<p>Děkujeme za společný rok.</p><p>Do 31. prosince jsou "
                                        + "<a href=\"https://klient-demo.pl/koniec-roku\">nabídky na konec roku</a> "
                                        + "o 10 % levnější.</p><p>Tým Klient Demo</p>")),
                null);
    }

    private static CampaignForm januaryForm(long segment, long purpose) {
        return new CampaignForm("January: the new price list", purpose, segment, "Klient Demo",
                "oferty@klient-demo.pl", "sprzedaz@klient-demo.pl", "pl", 600, "january-prices", List.of(
                        new Content("en", "Our prices for 2027", "<p>Hello {{contact.firstName | \"there\"}},</p>"
                                + "<p>from February our <a href=\"https://klient-demo.pl/cennik\">price list</a> "
                                + "changes. Order in January at this year's prices.</p>"),
                        new Content("pl", "Nasze ceny na 2027 rok", "<p>Dzień dobry {{contact.firstName | \"\"}},"
                                + "</p><p>od lutego zmienia się nasz <a href=\"https://klient-demo.pl/cennik\">"
                                + "cennik</a>. Zamów w styczniu w tegorocznych cenach.</p>"),
                        new Content("cs", "Naše ceny pro rok 2027", "<p>Dobrý den {{contact.firstName | \"\"}},"
                                + "</p><p>od února se mění náš <a href=\"https://klient-demo.pl/cennik\">ceník</a>."
                                + " Objednejte v lednu za letošní ceny.</p>")),
                null);
    }

    /** Costs per keyword and day for the last 60 days, as the ad platform's export has them, and their leads. */
    private void adCosts(Random random, Instant now) {
        StringBuilder csv = new StringBuilder("Day,Keyword,Campaign,Cost,Currency,Clicks,Impressions\n");
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int[] dailyCents = { 4200, 2600, 3100, 1500, 900 };
        for (int d = 60; d >= 1; d--) {
            LocalDate day = today.minusDays(d);
            for (int k = 0; k < KEYWORDS.size(); k++) {
                int cents = dailyCents[k] / 2 + random.nextInt(dailyCents[k]);
                int clicks = Math.max(1, cents / 180 + random.nextInt(4));
                csv.append(day).append(',').append('"').append(KEYWORDS.get(k)).append('"').append(',')
                        .append(k == 3 ? "Vyhledávání CZ" : "Wyszukiwarka PL").append(',')
                        .append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append(",PLN,")
                        .append(clicks).append(',').append(clicks * (18 + random.nextInt(20))).append('\n');
            }
        }
        adCosts.importFile("google-ads-demo.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        // the leads the search ads brought (the Czech keyword's from Czech firms)
        String[][] pl = { { "Anna", "Kowalska", "Kierownik biura" }, { "Piotr", "Nowak", "Właściciel" },
            { "Marta", "Wiśniewska", "Dyrektor sprzedaży" }, { "Tomasz", "Wójcik", "Kierownik zakupów" },
            { "Ewa", "Kamińska", "Księgowa" }, { "Jan", "Lewandowski", "Prezes zarządu" },
            { "Katarzyna", "Zielińska", "Asystentka" }, { "Michał", "Szymański", "Kierownik handlowy" },
            { "Agnieszka", "Dąbrowska", "Właścicielka" }, { "Paweł", "Kozłowski", "Dyrektor operacyjny" } };
        String[][] cs = { { "Petra", "Nováková", "Vedoucí kanceláře" }, { "Jiří", "Dvořák", "Majitel" },
            { "Lucie", "Černá", "Obchodní ředitelka" } };
        int[] perKeyword = { 5, 3, 2, 3, 1 };
        int p = 0;
        for (int k = 0; k < KEYWORDS.size(); k++) {
            for (int n = 0; n < perKeyword[k]; n++) {
                boolean czech = k == 3;
                String[] person = czech ? cs[n % cs.length] : pl[p++ % pl.length];
                String domain = czech ? "firma-" + (n + 1) + ".cz" : "firma-" + p + ".pl";
                boolean buys = n == 0 && k < 2 || n == 1 && k == 0;
                LeadView lead = leads.create(new LeadForm(person[0], person[1], ascii(person[0]) + "." + ascii(person[1]) + "@"
                        + domain, null, czech ? person[1] + " s.r.o." : person[1] + " sp. z o.o.",
                        buys ? nip(526_104_000L + 37L * p) : null, person[2], null, "google", "cpc",
                        czech ? "vyhledavani-cz" : "wyszukiwarka-pl", KEYWORDS.get(k), null, czech ? "CZ" : "PL",
                        null, buys ? "ul. Prosta " + (10 + p) : null, buys ? "Warszawa" : null,
                        buys ? "00-8" + (10 + p) : null, null, null, null, null, null),
                        LeadSource.WEB_FORM);
                // the search brought it on one of the days its costs cover, not all on the day of the demo
                jdbc.sql("update leads set created_at = :at where id = :id").param("id", lead.id())
                        .param("at", Timestamp.from(now.minus(Duration.ofDays(2 + random.nextInt(57)))
                                .minus(Duration.ofMinutes(random.nextInt(600))))).update();
                // two searches for a CRM and one for invoicing became customers who paid
                if (buys) {
                    customer(lead, k == 0 ? "Wdrożenie CRM — pakiet Start" : "Moduł faktur — licencja roczna",
                            k == 0 ? new BigDecimal("2900.00") : new BigDecimal("1900.00"), n == 0 ? 1 : 2);
                }
            }
        }
    }

    /** A lead qualified and converted, its first order invoiced and paid (the invoice carries the lead's keyword). */
    private void customer(LeadView lead, String item, BigDecimal price, int quantity) {
        LeadView qualified = leads.changeStatus(lead.id(), LeadStatus.QUALIFIED, null, lead.version());
        Leads.Conversion conversion = leads.convert(qualified.id(), false, qualified.version());
        OrderView order = orders.place(new OrderForm(conversion.companyId(), conversion.contactId(), null, "PLN",
                false, List.of(new LineForm(null, item, BigDecimal.valueOf(quantity), price, null,
                        new BigDecimal("23"), false)), null, null, null, null)).order();
        LocalDate today = invoices.today();
        InvoiceView invoice = invoices.issue(new InvoiceForm(null, null, order.id(), null, null, today, today, null,
                PaymentMethod.TRANSFER, null, null, null, null));
        invoices.pay(new PaymentForm(invoice.id(), invoice.grossTotal(), today, null, null));
    }

    /** A Polish tax number (NIP) with a right check digit, the first one from the given nine-digit start on. */
    static String nip(long start) {
        int[] weights = { 6, 5, 7, 2, 3, 4, 5, 6, 7 };
        for (long n = start; ; n++) {
            String digits = String.format("%09d", n % 1_000_000_000L);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += weights[i] * (digits.charAt(i) - '0');
            }
            if (sum % 11 != 10) {
                return digits + (sum % 11);
            }
        }
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("ł", "l").replace("Ł", "L").toLowerCase(java.util.Locale.ROOT);
    }

    /** Visits of the company's website by contacts who agreed to be recorded there, grouped as visits. */
    private void websiteVisits(List<Person> visitors, long campaign, Instant now, Random random) {
        String[][] pages = { { "/", "Klient Demo — CRM dla małych firm" }, { "/cennik", "Cennik" },
            { "/zima-2026", "Zimowe oferty" }, { "/blog/jak-prowadzic-crm", "Jak prowadzić CRM w porządku" },
            { "/kontakt", "Kontakt" } };
        for (int v = 0; v < visitors.size(); v++) {
            Person p = visitors.get(v);
            // a visitor who clicked in last month's newsletter arrived through it (the first page of that visit)
            Instant clicked = jdbc.sql("""
                    select clicked_at from campaign_recipients
                    where campaign_id = :c and contact_id = :k and clicked_at is not null""")
                    .param("c", campaign).param("k", p.id()).query(Timestamp.class).optional()
                    .map(Timestamp::toInstant).orElse(null);
            for (int visit = 0; visit < 2 + v; visit++) {
                boolean fromCampaign = visit == 0 && clicked != null;
                Instant at = fromCampaign ? clicked.plusSeconds(2) : now.minus(Duration.ofDays(3 + random.nextInt(
                        40))).minus(Duration.ofMinutes(random.nextInt(600)));
                Long visitId = null;
                int count = 2 + random.nextInt(3);
                for (int page = 0; page < count; page++) {
                    String[] seen = page == 0 && fromCampaign ? pages[2] : pages[(visit + page) % pages.length];
                    String url = "https://klient-demo.pl" + seen[0] + (page == 0 && fromCampaign
                            ? "?utm_source=newsletter&utm_medium=email&utm_campaign=" + SENT_UTM : "");
                    long id = jdbc.sql("""
                            insert into web_visits (contact_id, url, path, title, utm_source, utm_medium,
                                                    utm_campaign, visit_id, at)
                            values (:c, :url, :path, :title, :source, :medium, :campaign, :visit, :at) returning id""")
                            .param("c", p.id()).param("url", url).param("path", seen[0]).param("title", seen[1])
                            .param("source", page == 0 && fromCampaign ? "newsletter" : null)
                            .param("medium", page == 0 && fromCampaign ? "email" : null)
                            .param("campaign", page == 0 && fromCampaign ? SENT_UTM : null).param("visit", visitId)
                            .param("at", Timestamp.from(at.plus(Duration.ofSeconds(40L * page)))).query(Long.class)
                            .single();
                    if (visitId == null) {
                        visitId = id;
                        jdbc.sql("update web_visits set visit_id = id where id = :id").param("id", id).update();
                        timeline.record(TimelineRecord.coded(null, p.id(), "WEBSITE_VISIT", seen[1],
                                fromCampaign ? Phrase.of("tracking.timeline.visitFrom", seen[0], "newsletter",
                                        SENT_UTM) : Phrase.of("tracking.timeline.visit", seen[0]),
                                "marketing", id, null).at(at));
                    }
                }
            }
        }
    }
}
