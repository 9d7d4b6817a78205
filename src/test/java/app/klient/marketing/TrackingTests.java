package app.klient.marketing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import app.klient.identity.Role;
import app.klient.marketing.internal.TrackingLinks;
import app.klient.marketing.internal.TrackingTokens;
import app.klient.marketing.internal.TrackingTokens.Ref;
import app.klient.marketing.internal.TrackingTokens.Source;
import app.klient.support.Http;
import app.klient.support.WebTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The public tracking addresses over real HTTP: pixel, click, unsubscribe, website script and page views. */
class TrackingTests extends WebTest {

    private static final byte[] GIF_START = "GIF89a".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    TrackingTokens tokens;

    @Autowired
    TrackingLinks links;

    private String suffix;
    private long newsletter;
    private long offers;

    @BeforeEach
    void purposes() {
        suffix = UUID.randomUUID().toString().substring(0, 8);
        newsletter = purpose("newsletter");
        offers = purpose("offers");
    }

    private long purpose(String key) {
        return jdbc.sql("select id from consent_purposes where key = :key").param("key", key).query(Long.class)
                .single();
    }

    private long contact(String first, String language) {
        String address = first.toLowerCase() + "." + suffix + "@example.test";
        long id = apiAs(Role.ADMIN).postJson("/api/v1/contacts", """
                {"firstName": "%s", "lastName": "Tracked", "emails": ["%s"]}""".formatted(first, address))
                .json().get("id").asLong();
        jdbc.sql("update contacts set preferred_language = :lang where id = :id").param("lang", language)
                .param("id", id).update();
        return id;
    }

    private String address(long contact) {
        return jdbc.sql("select lower(emails[1]) from contacts where id = :id").param("id", contact)
                .query(String.class).single();
    }

    private void consent(long contact, long purpose) {
        long consent = jdbc.sql("""
                insert into consents (contact_id, address, purpose_id, channel, state, source)
                values (:contact, :address, :purpose, 'EMAIL', 'GIVEN', 'MANUAL') returning id""")
                .param("contact", contact).param("address", address(contact)).param("purpose", purpose)
                .query(Long.class).single();
        jdbc.sql("""
                insert into consent_states (contact_id, purpose_id, channel, state, consent_id, since)
                values (:contact, :purpose, 'EMAIL', 'GIVEN', :consent, now())
                on conflict (contact_id, purpose_id, channel) do update set state = 'GIVEN', consent_id = :consent""")
                .param("contact", contact).param("purpose", purpose).param("consent", consent).update();
    }

    /** A campaign that was sent to the contact: the rows the send job leaves behind. */
    private long sentCampaign(long contact, long purpose, String language) {
        long campaign = jdbc.sql("""
                insert into campaigns (name, purpose_id, state) values (:name, :purpose, 'SENT') returning id""")
                .param("name", "Spring sale " + suffix).param("purpose", purpose).query(Long.class).single();
        jdbc.sql("""
                insert into campaign_recipients (campaign_id, contact_id, address, language, state, message_id)
                values (:campaign, :contact, :address, :language, 'SENT', :mid)""").param("campaign", campaign)
                .param("contact", contact).param("address", address(contact)).param("language", language)
                .param("mid", "<c" + campaign + "." + contact + "@klient.test>").update();
        return campaign;
    }

    private static String path(String absolute) {
        return absolute.replaceFirst("^https?://[^/]+", "");
    }

    private long events(long campaign, long contact, String kind) {
        return jdbc.sql("""
                select count(*) from marketing_events where campaign_id = :campaign and contact_id = :contact
                and kind = :kind""").param("campaign", campaign).param("contact", contact).param("kind", kind)
                .query(Long.class).single();
    }

    private long entries(long contact, String kind) {
        return jdbc.sql("select count(*) from timeline_entries where contact_id = :contact and kind = :kind")
                .param("contact", contact).param("kind", kind).query(Long.class).single();
    }

    private static byte[] bytes(Http.Response response) {
        return response.body().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void opening_twice_counts_two_opens_marks_the_first_and_puts_it_on_the_timeline_once() {
        long anna = contact("Anna", "en");
        long campaign = sentCampaign(anna, newsletter, "en");
        String pixel = path(links.pixel(new Ref(Source.CAMPAIGN, campaign, anna)));
        assertThat(pixel).endsWith(".gif");

        Http outside = Http.on(port);
        Http.Response first = outside.get(pixel);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("image/gif");
        assertThat(first.header("Cache-Control")).contains("no-store");
        assertThat(outside.get(pixel).status()).isEqualTo(200);

        assertThat(events(campaign, anna, "OPEN")).isEqualTo(2);
        assertThat(jdbc.sql("select opened_at is not null from campaign_recipients where campaign_id = :c")
                .param("c", campaign).query(Boolean.class).single()).isTrue();
        assertThat(entries(anna, "CAMPAIGN_OPENED")).isEqualTo(1);
    }

    @Test
    void a_forged_or_foreign_pixel_is_still_a_pixel_and_records_nothing() {
        long bea = contact("Bea", "en");
        long campaign = sentCampaign(bea, newsletter, "en");
        long otherContact = contact("Cyril", "en");
        String genuine = tokens.token(new Ref(Source.CAMPAIGN, campaign, bea));
        String forged = genuine.substring(0, genuine.indexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAA";
        // a genuine token of a contact the campaign never went to
        String foreign = tokens.token(new Ref(Source.CAMPAIGN, campaign, otherContact));
        long before = count("marketing_events");
        for (String token : new String[] { forged, foreign, "x", "a.b.c", "Q".repeat(400),
            tokens.token(new Ref(Source.CAMPAIGN, 987654321L, 987654321L)) }) {
            Http.Response response = Http.on(port).get("/t/o/" + token + ".gif");
            assertThat(response.status()).as(token).isEqualTo(200);
            assertThat(response.contentType()).as(token).isEqualTo("image/gif");
            assertThat(bytes(response)).as(token).startsWith(GIF_START);
        }
        assertThat(count("marketing_events")).isEqualTo(before);
    }

    @Test
    void a_click_goes_where_the_message_said_and_a_changed_address_goes_nowhere() {
        long dora = contact("Dora", "cs");
        long campaign = sentCampaign(dora, newsletter, "cs");
        Ref ref = new Ref(Source.CAMPAIGN, campaign, dora);
        String target = "https://shop.example.test/sale?item=42&x=%C5%BE#top";
        String click = path(links.click(ref, target));

        Http.Response followed = Http.on(port).get(click);
        assertThat(followed.status()).isEqualTo(302);
        assertThat(followed.header("Location")).isEqualTo(target);
        assertThat(events(campaign, dora, "CLICK")).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from campaign_links where campaign_id = :c and url = :u")
                .param("c", campaign).param("u", target).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select clicked_at is not null and opened_at is not null from campaign_recipients "
                + "where campaign_id = :c").param("c", campaign).query(Boolean.class).single()).isTrue();
        assertThat(entries(dora, "CAMPAIGN_CLICKED")).isEqualTo(1);

        String token = tokens.token(ref);
        String signature = tokens.sign(token, target);
        String otherToken = tokens.token(new Ref(Source.CAMPAIGN, campaign + 1, dora));
        String[] tampered = {
            // the address changed, the signature kept: an open redirect if it were followed
            "/t/c/" + token + "?u=" + enc("https://evil.example/phish") + "&s=" + signature,
            "/t/c/" + token + "?u=" + enc(target + "&more=1") + "&s=" + signature,
            // the signature of another message
            "/t/c/" + otherToken + "?u=" + enc(target) + "&s=" + signature,
            "/t/c/" + token + "?u=" + enc(target),
            "/t/c/" + token + "?u=" + enc(target) + "&s=" + "A".repeat(22),
            "/t/c/" + token + "?s=" + signature,
            "/t/c/garbage?u=" + enc(target) + "&s=" + signature,
            // signed by Klient but no web address: never passed on
            "/t/c/" + token + "?u=" + enc("javascript:alert(1)") + "&s=" + tokens.sign(token, "javascript:alert(1)"),
            "/t/c/" + token + "?u=" + enc("https://a.example/\r\nSet-Cookie: x=1") + "&s="
                    + tokens.sign(token, "https://a.example/\r\nSet-Cookie: x=1"),
        };
        for (String bad : tampered) {
            Http.Response response = Http.on(port).language("pl").get(bad);
            assertThat(response.status()).as(bad).isIn(400, 404);
            assertThat(response.header("Location")).as(bad).isNull();
            assertThat(response.body()).as(bad).doesNotContain("Dora").doesNotContain(address(dora))
                    .doesNotContain("evil.example");
        }
        assertThat(Http.on(port).language("pl").get(tampered[0]).body()).contains("Ten link jest nieprawidłowy");
        assertThat(events(campaign, dora, "CLICK")).isEqualTo(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void a_click_to_the_companys_website_carries_the_visitors_mark_and_other_links_stay_as_written() {
        long emil = contact("Emil", "en");
        long campaign = sentCampaign(emil, newsletter, "en");
        Ref ref = new Ref(Source.CAMPAIGN, campaign, emil);
        Http admin = signedInAs(Role.ADMIN);
        admin.get("/marketing/tracking");
        int version = jdbc.sql("select version from tracking_settings").query(Integer.class).single();
        assertThat(admin.postForm("/marketing/tracking", Map.of("websiteHosts", "www.firma.test\n*.shop.test",
                "version", String.valueOf(version))).status()).isEqualTo(302);
        try {
            String home = Http.on(port).get(path(links.click(ref, "https://www.firma.test/pricing?a=1#plans")))
                    .header("Location");
            assertThat(home).startsWith("https://www.firma.test/pricing?a=1&kt=").endsWith("#plans");
            assertThat(Http.on(port).get(path(links.click(ref, "https://eu.shop.test/"))).header("Location"))
                    .startsWith("https://eu.shop.test/?kt=");
            assertThat(Http.on(port).get(path(links.click(ref, "https://elsewhere.test/a?b=c"))).header("Location"))
                    .isEqualTo("https://elsewhere.test/a?b=c");
        }
        finally {
            jdbc.sql("update tracking_settings set website_hosts = ''").update();
        }
    }

    @Test
    void the_settings_page_shows_the_script_line_and_refuses_what_is_no_host_name() {
        Http marketer = signedInAs(Role.MARKETING);
        Http.Response page = marketer.get("/marketing/tracking");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/t/site.js&quot; async&gt;&lt;/script&gt;");
        int version = jdbc.sql("select version from tracking_settings").query(Integer.class).single();
        Http.Response refused = marketer.postForm("/marketing/tracking", Map.of("websiteHosts",
                "https://ok.test/ not a host!", "version", String.valueOf(version)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(jdbc.sql("select version from tracking_settings").query(Integer.class).single()).isEqualTo(version);
        assertThat(signedInAs(Role.READ_ONLY).postForm("/marketing/tracking", Map.of("websiteHosts", "a.test",
                "version", String.valueOf(version))).status()).isEqualTo(403);
    }

    @Test
    void unsubscribe_page_speaks_the_contacts_language_names_nobody_and_one_click_withdraws_once() {
        long filip = contact("Filip", "pl");
        consent(filip, newsletter);
        consent(filip, offers);
        long campaign = sentCampaign(filip, newsletter, "pl");
        String page = path(links.unsubscribe(new Ref(Source.CAMPAIGN, campaign, filip)));

        Http.Response shown = Http.on(port).language("en").get(page);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("Wypisz się").contains("Newsletter").doesNotContain("Filip")
                .doesNotContain(address(filip)).doesNotContain("Spring sale");
        long consentsBefore = count("consents");
        long consentEntriesBefore = entries(filip, "CONSENT");

        // RFC 8058: the mail provider posts this body, without cookies or a CSRF token
        for (int i = 0; i < 3; i++) {
            Http.Response oneClick = Http.on(port).postFormRaw(page, Map.of("List-Unsubscribe", "One-Click"));
            assertThat(oneClick.status()).isEqualTo(200);
        }
        assertThat(state(filip, newsletter)).isEqualTo("WITHDRAWN");
        assertThat(state(filip, offers)).isEqualTo("GIVEN");
        assertThat(count("consents")).isEqualTo(consentsBefore + 1);
        assertThat(jdbc.sql("select source from consents where contact_id = :c order by id desc limit 1")
                .param("c", filip).query(String.class).single()).isEqualTo("UNSUBSCRIBE");
        assertThat(events(campaign, filip, "UNSUBSCRIBE")).isEqualTo(1);
        assertThat(entries(filip, "CAMPAIGN_UNSUBSCRIBED")).isEqualTo(1);
        assertThat(entries(filip, "CONSENT")).as("one entry for the unsubscribe, not two").isEqualTo(
                consentEntriesBefore);
        assertThat(Http.on(port).get(page).body()).contains("Twój adres nie otrzymuje już tych wiadomości.");

        // the page's own button, with "all marketing"
        Http.Response all = Http.on(port).postFormRaw(page, Map.of("all", "true"));
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("nie otrzyma od nas więcej wiadomości marketingowych");
        assertThat(state(filip, offers)).isEqualTo("WITHDRAWN");
        assertThat(entries(filip, "CAMPAIGN_UNSUBSCRIBED")).as("all purposes at once: one entry").isEqualTo(2);
        assertThat(entries(filip, "CONSENT")).isEqualTo(consentEntriesBefore);
    }

    @Test
    void a_tampered_or_foreign_unsubscribe_link_changes_nothing_and_says_only_that_it_is_not_valid() {
        long greta = contact("Greta", "cs");
        consent(greta, newsletter);
        long campaign = sentCampaign(greta, newsletter, "cs");
        String token = tokens.token(new Ref(Source.CAMPAIGN, campaign, greta));
        String[] bad = {
            token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA"),
            // a genuine signature over another contact's message that was never sent
            tokens.token(new Ref(Source.CAMPAIGN, campaign, greta + 100000)),
            tokens.token(new Ref(Source.CONFIRMATION, campaign, greta)),
            "nothing", "%C0%AF", "a.b",
        };
        for (String t : bad) {
            Http.Response get = Http.on(port).language("cs").get("/t/u/" + t);
            // an overlong UTF-8 sequence in the path is refused before it reaches the page, as anywhere in Klient
            int expected = t.startsWith("%") ? 400 : 404;
            assertThat(get.status()).as(t).isEqualTo(expected);
            assertThat(get.body()).as(t).doesNotContain("Greta");
            if (expected == 404) {
                assertThat(get.body()).as(t).contains("Tento odkaz není platný");
            }
            Http.Response post = Http.on(port).postFormRaw("/t/u/" + t, Map.of("List-Unsubscribe", "One-Click"));
            assertThat(post.status()).as(t).isEqualTo(expected);
        }
        assertThat(state(greta, newsletter)).isEqualTo("GIVEN");
    }

    private String state(long contact, long purpose) {
        return jdbc.sql("""
                select state from consent_states where contact_id = :c and purpose_id = :p and channel = 'EMAIL'""")
                .param("c", contact).param("p", purpose).query(String.class).single();
    }

    @Test
    void a_page_view_is_kept_only_for_a_consenting_contact_with_a_genuine_mark_and_a_visit_is_on_the_timeline_once() {
        long hana = contact("Hana", "cs");
        long campaign = sentCampaign(hana, newsletter, "cs");
        String mark = tokens.visitorMark(hana);
        Http site = Http.on(port);

        Http.Response script = site.get("/t/site.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.body()).contains("/t/v").contains("localStorage").contains("doNotTrack");

        Map<String, String> view = Map.of("m", mark, "u",
                "https://www.firma.test/pricing?utm_source=newsletter&utm_campaign=spring&utm_term=crm", "t", "Ceník",
                "r", "https://mail.example/");
        assertThat(site.postFormRaw("/t/v", view).status()).isEqualTo(204);
        assertThat(visits(hana)).as("no consent to website tracking yet").isZero();

        consent(hana, purpose("website-visits"));
        assertThat(site.postFormRaw("/t/v", view).status()).isEqualTo(204);
        assertThat(site.postFormRaw("/t/v", Map.of("m", mark, "u", "https://www.firma.test/contact", "t", "Kontakt"))
                .status()).isEqualTo(204);
        assertThat(visits(hana)).isEqualTo(2);
        assertThat(jdbc.sql("""
                select count(distinct visit_id) from web_visits where contact_id = :c""").param("c", hana)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                select utm_source || '/' || utm_campaign || '/' || utm_term || ' ' || path from web_visits
                where contact_id = :c order by id limit 1""").param("c", hana).query(String.class).single())
                .isEqualTo("newsletter/spring/crm /pricing");
        assertThat(entries(hana, "WEBSITE_VISIT")).isEqualTo(1);

        long before = count("web_visits");
        String forged = mark.substring(0, 30) + (mark.charAt(30) == 'A' ? "B" : "A") + mark.substring(31);
        for (Map<String, String> bad : java.util.List.of(Map.of("m", forged, "u", "https://www.firma.test/"),
                // the message's own token is no visitor's mark
                Map.of("m", tokens.token(new Ref(Source.CAMPAIGN, campaign, hana)), "u", "https://www.firma.test/"),
                Map.of("m", mark, "u", "javascript:alert(1)"), Map.of("m", mark, "u", "https://x.test/\0"),
                Map.of("m", mark), Map.of("u", "https://www.firma.test/"), Map.of("m", mark, "u",
                        "https://www.firma.test/" + "a".repeat(5000)))) {
            // a NUL byte is refused by the platform's parameter check before it gets here (400)
            assertThat(site.postFormRaw("/t/v", bad).status()).as(bad.toString()).isIn(204, 400);
        }
        assertThat(count("web_visits")).isEqualTo(before);
        // the card shows the visit with its pages
        Http.Response card = signedInAs(Role.SALES).get("/contacts/" + hana);
        assertThat(card.body()).contains("/pricing → /contact");
    }

    @Test
    void the_api_lists_a_contacts_page_views_newest_first_and_changes_the_hosts_from_the_version_read() {
        long ida = contact("Ida", "en");
        consent(ida, purpose("website-visits"));
        String mark = tokens.visitorMark(ida);
        Http site = Http.on(port);
        site.postFormRaw("/t/v", Map.of("m", mark, "u", "https://www.firma.test/a?utm_source=ads&utm_term=crm"));
        site.postFormRaw("/t/v", Map.of("m", mark, "u", "https://www.firma.test/b"));

        Http reader = apiAs(Role.READ_ONLY);
        Http.Response list = reader.get("/api/v1/marketing/visits?contactId=" + ida + "&size=1");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().get("total").asLong()).isEqualTo(2);
        assertThat(list.json().get("items").get(0).get("path").asString()).isEqualTo("/b");
        assertThat(reader.get("/api/v1/marketing/visits?contactId=" + ida + "&page=1&size=1").json().get("items")
                .get(0).get("utmTerm").asString()).isEqualTo("crm");
        assertThat(reader.get("/api/v1/marketing/visits?contactId=987654321").status()).isEqualTo(404);

        Http.Response settings = reader.get("/api/v1/marketing/tracking/settings");
        assertThat(settings.json().get("script").asString()).endsWith("/t/site.js\" async></script>");
        int version = settings.json().get("version").asInt();
        assertThat(reader.putJson("/api/v1/marketing/tracking/settings", "{\"websiteHosts\": [\"a.test\"], "
                + "\"version\": " + version + "}").status()).isEqualTo(403);
        Http marketer = apiAs(Role.MARKETING);
        try {
            Http.Response changed = marketer.putJson("/api/v1/marketing/tracking/settings",
                    "{\"websiteHosts\": [\"www.firma.test\"], \"version\": " + version + "}");
            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(changed.json().get("websiteHosts").get(0).asString()).isEqualTo("www.firma.test");
            assertThat(marketer.putJson("/api/v1/marketing/tracking/settings",
                    "{\"websiteHosts\": [\"x.test\"], \"version\": " + version + "}").status()).isEqualTo(409);
            Http.Response bad = marketer.putJson("/api/v1/marketing/tracking/settings",
                    "{\"websiteHosts\": [\"not a host\"], \"version\": " + (version + 1) + "}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("websiteHosts");
        }
        finally {
            jdbc.sql("update tracking_settings set website_hosts = ''").update();
        }
    }

    private long visits(long contact) {
        return jdbc.sql("select count(*) from web_visits where contact_id = :c").param("c", contact)
                .query(Long.class).single();
    }

    private static final java.util.regex.Pattern HREF = java.util.regex.Pattern.compile("(?:href|src)=\"([^\"]+)\"");

    private static java.util.List<String> links(String html, String part) {
        java.util.List<String> found = new java.util.ArrayList<>();
        java.util.regex.Matcher m = HREF.matcher(html);
        while (m.find()) {
            String link = m.group(1).replace("&amp;", "&");
            if (link.contains(part)) {
                found.add(path(link));
            }
        }
        return found;
    }

    private long campaignWithWebsiteLink(long purpose) {
        long campaign = jdbc.sql("""
                insert into campaigns (name, purpose_id, state) values (:name, :purpose, 'DRAFT') returning id""")
                .param("name", "Preview " + suffix).param("purpose", purpose).query(Long.class).single();
        jdbc.sql("""
                insert into campaign_contents (campaign_id, language, subject, body)
                values (:c, 'en', 'Hello {{contact.firstName}}', '<p>Hi</p><p><a href="https://www.firma.test/sale">Sale</a></p>')""")
                .param("c", campaign).update();
        return campaign;
    }

    private void websiteHosts(String hosts) {
        jdbc.sql("update tracking_settings set website_hosts = :h").param("h", hosts).update();
        // the hosts are read at most every few seconds; a settings save forgets them at once
        Http admin = signedInAs(Role.ADMIN);
        admin.get("/marketing/tracking");
        int version = jdbc.sql("select version from tracking_settings").query(Integer.class).single();
        assertThat(admin.postForm("/marketing/tracking", Map.of("websiteHosts", hosts, "version",
                String.valueOf(version))).status()).isEqualTo(302);
    }

    @Test
    void a_preview_read_by_anyone_names_nobody_its_unsubscribe_is_a_sample_and_its_clicks_and_pixel_record_nothing() {
        long jana = contact("Jana", "en");
        consent(jana, newsletter);
        consent(jana, offers);
        consent(jana, purpose("website-visits"));
        long campaign = campaignWithWebsiteLink(newsletter);
        websiteHosts("www.firma.test");
        try {
            Http.Response preview = apiAs(Role.READ_ONLY).get("/api/v1/marketing/campaigns/" + campaign
                    + "/preview?contactId=" + jana);
            assertThat(preview.status()).as(preview.body()).isEqualTo(200);
            String html = preview.json().get("html").asString();
            assertThat(preview.json().get("subject").asString()).isEqualTo("Hello Jana");
            String unsubscribe = links(html, "/t/u/").get(0);
            String pixel = links(html, "/t/o/").get(0);
            String click = links(html, "/t/c/").get(0);
            assertThat(preview.json().get("text").asString()).contains(unsubscribe);
            // the links name no contact at all
            assertThat(tokens.read(unsubscribe.substring("/t/u/".length())).orElseThrow())
                    .isEqualTo(new Ref(Source.TEST, campaign, 0));
            long consentsBefore = count("consents");
            long eventsBefore = count("marketing_events");
            long visitsBefore = count("web_visits");

            Http.Response page = Http.on(port).language("en").get(unsubscribe);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("This is a test message").contains("Newsletter")
                    .doesNotContain("Jana").doesNotContain(address(jana));
            Http.Response oneClick = Http.on(port).postFormRaw(unsubscribe, Map.of("List-Unsubscribe", "One-Click"));
            assertThat(oneClick.status()).isEqualTo(200);
            assertThat(oneClick.body()).contains("test").contains("nothing was changed");
            Http.Response button = Http.on(port).language("pl").postFormRaw(unsubscribe, Map.of("all", "true"));
            assertThat(button.status()).isEqualTo(200);
            assertThat(button.body()).contains("To była wiadomość testowa: niczego nie zmieniono.");
            // a test token of an older build named the real contact: it changes nothing either
            String named = path(links.unsubscribe(new Ref(Source.TEST, campaign, jana)));
            assertThat(Http.on(port).postFormRaw(named, Map.of("all", "true")).status()).isEqualTo(200);
            assertThat(Http.on(port).postFormRaw(named, Map.of("List-Unsubscribe", "One-Click")).body())
                    .contains("nothing was changed");

            assertThat(state(jana, newsletter)).isEqualTo("GIVEN");
            assertThat(state(jana, offers)).isEqualTo("GIVEN");
            assertThat(count("consents")).isEqualTo(consentsBefore);

            Http.Response opened = Http.on(port).get(pixel);
            assertThat(opened.status()).isEqualTo(200);
            assertThat(bytes(opened)).startsWith(GIF_START);
            Http.Response followed = Http.on(port).get(click);
            assertThat(followed.status()).isEqualTo(302);
            // a test click lands on the page as written: no visitor's mark that page views could be kept under
            assertThat(followed.header("Location")).isEqualTo("https://www.firma.test/sale");
            Http.on(port).get(path(links.click(new Ref(Source.TEST, campaign, jana), "https://www.firma.test/x")));
            Http.on(port).get(path(links.pixel(new Ref(Source.TEST, campaign, jana))));
            assertThat(count("marketing_events")).isEqualTo(eventsBefore);
            assertThat(count("web_visits")).isEqualTo(visitsBefore);
            assertThat(entries(jana, "CAMPAIGN_UNSUBSCRIBED")).isZero();
        }
        finally {
            jdbc.sql("update tracking_settings set website_hosts = ''").update();
        }
    }

    @Test
    void the_websites_mark_is_the_visitors_own_it_unsubscribes_nothing_reveals_no_ids_and_dnt_or_gpc_records_no_view()
            throws Exception {
        long karel = contact("Karel", "cs");
        consent(karel, newsletter);
        consent(karel, purpose("website-visits"));
        long campaign = sentCampaign(karel, newsletter, "cs");
        Ref ref = new Ref(Source.CAMPAIGN, campaign, karel);
        String token = tokens.token(ref);
        websiteHosts("www.firma.test");
        String mark;
        try {
            String location = Http.on(port).get(path(links.click(ref, "https://www.firma.test/pricing")))
                    .header("Location");
            assertThat(location).startsWith("https://www.firma.test/pricing?kt=");
            mark = java.net.URLDecoder.decode(location.substring(location.indexOf("kt=") + 3), StandardCharsets.UTF_8);
        }
        finally {
            jdbc.sql("update tracking_settings set website_hosts = ''").update();
        }
        assertThat(mark).isNotEqualTo(token).doesNotContain(token.substring(0, token.indexOf('.')));
        assertThat(tokens.read(mark)).isEmpty();
        assertThat(tokens.visitor(mark)).hasValue(karel);
        // nothing readable in it: not the contact's id, not the campaign's
        byte[] raw = java.util.Base64.getUrlDecoder().decode(mark);
        String hex = java.util.HexFormat.of().formatHex(raw);
        assertThat(hex).doesNotContain(String.format("%016x", karel)).doesNotContain(String.format("%016x", campaign));

        long consentsBefore = count("consents");
        Http.Response get = Http.on(port).language("cs").get("/t/u/" + mark);
        assertThat(get.status()).isEqualTo(404);
        assertThat(Http.on(port).postFormRaw("/t/u/" + mark, Map.of("List-Unsubscribe", "One-Click")).status())
                .isEqualTo(404);
        assertThat(Http.on(port).postFormRaw("/t/u/" + mark, Map.of("all", "true")).status()).isEqualTo(404);
        assertThat(Http.on(port).get("/t/confirm/" + mark).status()).isEqualTo(404);
        assertThat(Http.on(port).postFormRaw("/t/confirm/" + mark, Map.of()).status()).isEqualTo(404);
        assertThat(state(karel, newsletter)).isEqualTo("GIVEN");
        assertThat(count("consents")).isEqualTo(consentsBefore);

        // the browser asks not to be tracked: 204 and nothing kept
        assertThat(view(mark, "https://www.firma.test/a", Map.of("DNT", "1"))).isEqualTo(204);
        assertThat(view(mark, "https://www.firma.test/b", Map.of("Sec-GPC", "1"))).isEqualTo(204);
        // the message's own token was the mark before: it is none now
        assertThat(view(token, "https://www.firma.test/c", Map.of())).isEqualTo(204);
        assertThat(visits(karel)).isZero();
        assertThat(view(mark, "https://www.firma.test/d", Map.of("DNT", "0"))).isEqualTo(204);
        assertThat(visits(karel)).isEqualTo(1);
    }

    private int view(String mark, String url, Map<String, String> headers) throws Exception {
        String body = "m=" + enc(mark) + "&u=" + enc(url);
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://localhost:" + port + "/t/v"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void the_website_script_takes_the_mark_out_of_the_address_bar_before_it_honours_do_not_track() {
        String script = Http.on(port).get("/t/site.js").body();
        int stripped = script.indexOf("replaceState");
        assertThat(stripped).isPositive();
        // the mark leaves the address (no bookmark, no shared link carries it) whatever the visitor chose
        assertThat(script.indexOf("doNotTrack")).isGreaterThan(stripped);
        assertThat(script.indexOf("globalPrivacyControl")).isGreaterThan(stripped);
        assertThat(script.indexOf("setItem")).isGreaterThan(script.indexOf("globalPrivacyControl"));
    }

    @Test
    void a_malformed_pixel_address_is_still_the_pixel() {
        for (String bad : new String[] { "/t/o/%00%ff.gif", "/t/o/%ff.gif", "/t/o/%C0%AF.gif", "/t/o/%00",
            "/t/o/a%2Fb.gif", "/t/o/%2e%2e.gif", "/t/o/%25.gif" }) {
            Http.Response response = Http.on(port).get(bad);
            assertThat(response.status()).as(bad).isEqualTo(200);
            assertThat(response.contentType()).as(bad).isEqualTo("image/gif");
            assertThat(bytes(response)).as(bad).startsWith(GIF_START);
        }
    }
}
