package app.klient.marketing.campaign;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.klient.documents.MergeFields;
import app.klient.mail.Emails;
import app.klient.mail.MailSettings;
import app.klient.mail.OutgoingMail;
import app.klient.marketing.Campaigns;
import app.klient.marketing.internal.TrackingLinks;
import app.klient.marketing.internal.TrackingTokens;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeVisitor;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A campaign's message as one contact gets it: the content in the contact's language (else the campaign's default),
 * merge fields filled (HTML-escaped in the HTML part), every web link a signed tracked link, the open pixel, a visible
 * unsubscribe link in the reader's language, the List-Unsubscribe headers (RFC 8058 one-click) and a Message-ID that
 * is the same for the same campaign and contact, so a receiver can tell a repeat.
 */
@Component
public class CampaignMessages {

    /** The fields a campaign may name: what Klient knows of the contact and its company on the day it is sent. */
    static final List<String> FIELDS = List.of("today", "contact.fullName", "contact.firstName", "contact.lastName",
            "contact.email", "contact.phone", "contact.jobTitle", "company.name", "company.legalName",
            "company.email", "company.website", "company.taxId", "company.vatId");

    private static final Pattern FIELD = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
    private static final Pattern HREF = Pattern.compile("href=\"(https?://[^\"]*)\"");
    private static final Pattern URL = Pattern.compile("https?://[^\\s()<>\"]+");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The contact data a message needs, read for a batch of contacts at once. */
    public record Person(long contactId, String address, String language, Map<String, String> values) {
    }

    /** One language's content made ready once per send: the HTML and the text part derived from it. */
    record Template(String language, String subject, String html, String text) {
    }

    /** A campaign made ready to render: its templates per language and what every message of it shares. */
    public record Prepared(Campaigns.CampaignView campaign, Map<String, Template> templates, String purposeLabelKey,
            Map<String, String> purposeLabels, Sender sender) {
    }

    /** Who a campaign's messages are from: its own name and address, else the mail settings'. */
    public record Sender(String address, String name) {

        /** The domain of the address: the Message-IDs' right-hand side. */
        String domain() {
            int at = address.lastIndexOf('@');
            return at < 0 || at == address.length() - 1 ? "localhost" : address.substring(at + 1);
        }
    }

    private final JdbcClient jdbc;
    private final TrackingLinks links;
    private final TrackingTokens tokens;
    private final MessageSource words;
    private final Emails emails;
    private final MailSettings settings;

    CampaignMessages(JdbcClient jdbc, TrackingLinks links, TrackingTokens tokens, MessageSource words, Emails emails,
            MailSettings settings) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.links = links;
        this.tokens = tokens;
        this.words = words;
        this.emails = emails;
    }

    /** Every field expression's alternatives that are fields (not texts in quotes). */
    public static List<String> fieldsIn(String text) {
        List<String> fields = new ArrayList<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            for (String a : m.group(1).split("\\|")) {
                String f = a.strip();
                if (!f.isEmpty() && !f.startsWith("\"") && !f.endsWith("\"")) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    public static boolean available(String field) {
        return FIELDS.contains(field) || field.matches("(contact|company)\\.custom\\.[A-Za-z][A-Za-z0-9_-]{0,63}");
    }

    public Prepared prepare(Campaigns.CampaignView campaign) {
        Map<String, Template> templates = new HashMap<>();
        for (Campaigns.Content c : campaign.contents()) {
            templates.put(c.language(), new Template(c.language(), c.subject(), c.body(), text(c.body())));
        }
        Map<String, String> labels = jdbc.sql("select label_en, label_pl, label_cs from consent_purposes where id = :id")
                .param("id", campaign.purposeId())
                .query((rs, n) -> Map.of("en", rs.getString(1), "pl", rs.getString(2), "cs", rs.getString(3)))
                .optional().orElse(Map.of());
        return new Prepared(campaign, templates, null, labels, sender(campaign));
    }

    /** The people behind these contact ids (those that exist), with the values of every field a campaign may use. */
    public Map<Long, Person> people(List<Long> contactIds) {
        Map<Long, Person> people = new HashMap<>();
        if (contactIds.isEmpty()) {
            return people;
        }
        String today = LocalDate.now().toString();
        jdbc.sql("""
                select c.id, lower(c.emails[1]), c.preferred_language, c.first_name, c.last_name, c.phones[1],
                       c.job_title, c.custom_fields::text, co.name, co.legal_name, co.email, co.website, co.tax_id,
                       co.vat_id, co.custom_fields::text, c.title_before
                from contacts c left join companies co on co.id = c.company_id
                where c.id = any(:ids)""").param("ids", contactIds.toArray(Long[]::new)).query(rs -> {
            Map<String, String> v = new HashMap<>();
            v.put("today", today);
            String first = rs.getString(4);
            String last = rs.getString(5);
            v.put("contact.firstName", first);
            v.put("contact.lastName", last);
            v.put("contact.fullName", ((first == null ? "" : first + " ") + (last == null ? "" : last)).strip());
            v.put("contact.email", rs.getString(2));
            v.put("contact.phone", rs.getString(6));
            v.put("contact.jobTitle", rs.getString(7));
            custom(v, "contact.custom.", rs.getString(8));
            v.put("company.name", rs.getString(9));
            v.put("company.legalName", rs.getString(10));
            v.put("company.email", rs.getString(11));
            v.put("company.website", rs.getString(12));
            v.put("company.taxId", rs.getString(13));
            v.put("company.vatId", rs.getString(14));
            custom(v, "company.custom.", rs.getString(15));
            String language = rs.getString(3);
            people.put(rs.getLong(1), new Person(rs.getLong(1), rs.getString(2),
                    language != null && Campaigns.LANGUAGES.contains(language) ? language : null, v));
        });
        return people;
    }

    /** The message to {@code to} as {@code person} gets it, its tracking naming {@code ref}. */
    public OutgoingMail render(Prepared prepared, Person person, String to, TrackingTokens.Ref ref) {
        Campaigns.CampaignView campaign = prepared.campaign();
        String language = person.language() != null && prepared.templates().containsKey(person.language())
                ? person.language() : campaign.defaultLanguage();
        Template template = prepared.templates().get(language);
        if (template == null && prepared.templates().isEmpty()) {
            // a campaign whose every language was left empty has nothing to show or send
            throw app.klient.platform.KlientException.invalid("campaign.contents.required");
        }
        if (template == null) {
            template = prepared.templates().values().iterator().next();
            language = template.language();
        }
        Map<String, String> escaped = new HashMap<>();
        person.values().forEach((k, v) -> escaped.put(k, v == null ? null : Entities.escape(v)));
        String subject = MergeFields.fill(template.subject(), person.values()).replaceAll("[\\r\\n]+", " ");
        String utm = campaign.utmCampaign();
        String html = rewriteHtml(MergeFields.fill(template.html(), escaped), ref, utm);
        String text = rewriteText(MergeFields.fill(template.text(), person.values()), ref, utm);
        String unsubscribe = links.unsubscribe(ref);
        Locale locale = Locale.forLanguageTag(language);
        String purpose = prepared.purposeLabels().getOrDefault(language, "");
        String footerText = words.getMessage("campaign.mail.footer", new Object[] { purpose }, locale);
        String unsubscribeText = words.getMessage("campaign.mail.unsubscribe", null, locale);
        String fullHtml = "<!DOCTYPE html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\"></head><body>"
                + html + "<hr><p style=\"font-size:12px;color:#666\">" + Entities.escape(footerText) + " <a href=\""
                + Entities.escape(unsubscribe) + "\">" + Entities.escape(unsubscribeText) + "</a></p><img src=\""
                + Entities.escape(links.pixel(ref)) + "\" width=\"1\" height=\"1\" alt=\"\"></body></html>";
        String fullText = text + "\n\n-- \n" + footerText + "\n" + unsubscribeText + ": " + unsubscribe + "\n";
        String from = campaign.fromAddress();
        String domain = prepared.sender().domain();
        OutgoingMail mail = OutgoingMail.to(to, subject, fullText).withHtml(fullHtml)
                .withMessageId("<campaign-" + ref.sourceId() + "-" + ref.contactId() + "@" + domain + ">")
                .withHeader("List-Unsubscribe", "<" + unsubscribe + ">"
                        + (from == null ? "" : ", <mailto:" + from + "?subject=unsubscribe%20" + tokens.token(ref) + ">"))
                .withHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click").withHeader("Precedence", "bulk")
                .withHeader("X-Klient-Campaign", String.valueOf(ref.sourceId()));
        if (ref.source() == TrackingTokens.Source.TEST) {
            mail = mail.withMessageId("<campaign-test-" + ref.sourceId() + "-" + java.util.UUID.randomUUID() + "@"
                    + domain + ">");
        }
        return campaign.replyTo() == null ? mail : mail.replyTo(campaign.replyTo());
    }

    public Campaigns.Preview preview(Campaigns.CampaignView campaign, Long contactId, String language) {
        Prepared prepared = prepare(campaign);
        Person person = contactId == null ? null : people(List.of(contactId)).get(contactId);
        if (person == null) {
            Map<String, String> values = new HashMap<>();
            values.put("today", LocalDate.now().toString());
            person = new Person(0, null, language, values);
        }
        else if (language != null) {
            person = new Person(person.contactId(), person.address(), language, person.values());
        }
        // a preview and a test send name nobody in their links (contact 0, a TEST token): their unsubscribe page
        // is a sample that changes nothing, their clicks and pixel record nothing, whoever opens them
        OutgoingMail mail = render(prepared, person, person.address() == null ? "example@example.com"
                : person.address(), new TrackingTokens.Ref(TrackingTokens.Source.TEST, campaign.id(), 0));
        String chosen = person.language() != null && prepared.templates().containsKey(person.language())
                ? person.language() : campaign.defaultLanguage();
        return new Campaigns.Preview(mail.to().get(0), chosen, mail.subject(), mail.html(), mail.body());
    }

    /** The message as a contact gets it (from the campaign's sender, a Message-ID of its domain), marked as a test. */
    public void sendTest(Campaigns.CampaignView campaign, Campaigns.Preview preview, String address) {
        Sender sender = sender(campaign);
        OutgoingMail mail = OutgoingMail.to(address, "[Test] " + preview.subject(), preview.text())
                .withHtml(preview.html()).withMessageId("<campaign-test-" + campaign.id() + "-"
                        + java.util.UUID.randomUUID() + "@" + sender.domain() + ">")
                .from(sender.address(), sender.name());
        emails.deliver(campaign.replyTo() == null ? mail : mail.replyTo(campaign.replyTo()));
    }

    /** The sender as the send job's connection names it (see {@link app.klient.mail.BulkMail#open}). */
    Sender sender(Campaigns.CampaignView campaign) {
        String address = campaign.fromAddress() != null && !campaign.fromAddress().isBlank() ? campaign.fromAddress()
                : settings.from();
        String name = campaign.fromName() != null && !campaign.fromName().isBlank() ? campaign.fromName()
                : settings.fromName();
        return new Sender(address, name);
    }

    private String rewriteHtml(String html, TrackingTokens.Ref ref, String utm) {
        Matcher m = HREF.matcher(html);
        StringBuilder out = new StringBuilder(html.length() + 512);
        while (m.find()) {
            String target = withUtm(Parser.unescapeEntities(m.group(1), true), utm);
            m.appendReplacement(out, Matcher.quoteReplacement("href=\"" + Entities.escape(links.click(ref, target))
                    + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String rewriteText(String text, TrackingTokens.Ref ref, String utm) {
        Matcher m = URL.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 512);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(links.click(ref, withUtm(m.group(), utm))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String withUtm(String url, String utm) {
        if (utm == null || url.contains("utm_")) {
            return url;
        }
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + "utm_source=klient&utm_medium=email&utm_campaign=" + utm
                + fragment;
    }

    /** The plain text part of an HTML body: paragraphs as blank lines, a link as its text and address. */
    static String text(String html) {
        StringBuilder out = new StringBuilder();
        Jsoup.parseBodyFragment(html).body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) {
                    out.append(t.text());
                }
                else if (node instanceof Element e && (e.nameIs("br"))) {
                    out.append('\n');
                }
                else if (node instanceof Element e && e.isBlock() && !out.isEmpty()) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.nameIs("a") && e.hasAttr("href")) {
                    String href = e.attr("href");
                    if (!href.equals(e.text().strip())) {
                        out.append(" (").append(href).append(')');
                    }
                }
                else if (node instanceof Element e && e.isBlock() && !e.nameIs("body")) {
                    out.append(e.nameIs("li") || e.nameIs("tr") ? "\n" : "\n\n");
                }
            }
        });
        return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }

    private static void custom(Map<String, String> values, String prefix, String json) {
        if (json == null || json.length() < 3) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(json);
            node.properties().forEach(e -> values.put(prefix + e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString()));
        }
        catch (RuntimeException ignored) {
            // a custom field that is not JSON prints as its fallback
        }
    }
}
