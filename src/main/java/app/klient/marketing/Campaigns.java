package app.klient.marketing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.customers.CustomFields;
import app.klient.customers.CustomerType;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.marketing.campaign.CampaignMessages;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mail campaigns: a segment or list, a purpose, a sender, a subject and body per language (HTML cleaned, merge
 * fields checked when saved), then scheduled and sent by the send job at the campaign's rate. DRAFT → SCHEDULED →
 * SENDING ⇄ PAUSED → SENT; CANCELLED from any state before SENT.
 */
@Service
public class Campaigns {

    public static final List<String> LANGUAGES = List.of("en", "pl", "cs");
    public static final List<String> STATES = List.of("DRAFT", "SCHEDULED", "SENDING", "PAUSED", "SENT",
            "CANCELLED");

    /** Subject and body (HTML) in one language. */
    public record Content(String language, String subject, String body) {
    }

    @Schema(example = """
            {"name": "Spring offers", "purposeId": 2, "segmentId": 1, "fromName": "Klient Shop",
             "fromAddress": "news@example.com", "replyTo": "sales@example.com", "defaultLanguage": "en",
             "ratePerMinute": 600, "utmCampaign": "spring-offers",
             "contents": [{"language": "en", "subject": "Spring offers for {{contact.firstName | \\"you\\"}}",
                           "body": "<p>Hello {{contact.firstName | \\"there\\"}},</p><p><a href=\\"https://example.com/spring\\">See the offers</a></p>"}]}""")
    // read-only fields of what GET answers: a campaign read and sent back unchanged is accepted, they are ignored
    @JsonIgnoreProperties({"id", "purposeKey", "segmentName", "state", "scheduledAt", "lastContactId", "startedAt",
            "finishedAt", "sentCount", "skippedCount", "createdAt"})
    public record CampaignForm(String name, Long purposeId, Long segmentId, String fromName, String fromAddress,
            String replyTo, String defaultLanguage, Integer ratePerMinute, String utmCampaign, List<Content> contents,
            Integer version) {
    }

    public record CampaignView(long id, String name, long purposeId, String purposeKey, Long segmentId,
            String segmentName, String fromName, String fromAddress, String replyTo, String defaultLanguage,
            String state, Instant scheduledAt, int ratePerMinute, long lastContactId, Instant startedAt,
            Instant finishedAt, int sentCount, int skippedCount, String utmCampaign, List<Content> contents,
            Instant createdAt, int version) {
    }

    public record CampaignRow(long id, String name, String state, String segmentName, Instant scheduledAt,
            int sentCount, int skippedCount, Instant createdAt) {
    }

    public record Recipient(long contactId, String contactName, String address, String language, String state,
            Instant at, Instant openedAt, Instant clickedAt) {
    }

    /** A page of a list: the rows and how many there are in all. */
    public record Page<T>(List<T> items, long total, int page, int size) {
    }

    /** One campaign's message as a contact gets it. */
    public record Preview(String to, String language, String subject, String html, String text) {
    }

    public record ScheduleForm(OffsetDateTime at, Integer version) {
    }

    public record TestSendForm(String address, Long contactId) {
    }

    public record VersionForm(Integer version) {
    }

    private static final Safelist SAFE = Safelist.relaxed().addAttributes(":all", "style", "align")
            .addAttributes("table", "width", "cellpadding", "cellspacing", "border")
            .addAttributes("td", "width", "valign", "bgcolor").addProtocols("img", "src", "https", "http");

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;
    private final CampaignMessages messages;
    private final CustomFields customFields;

    Campaigns(JdbcClient jdbc, Versions versions, AuditLog audit, CampaignMessages messages,
            CustomFields customFields) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        this.messages = messages;
        this.customFields = customFields;
    }

    /** Only these states may still be changed: the editor shows the others read-only. */
    public static boolean editable(String state) {
        return "DRAFT".equals(state) || "SCHEDULED".equals(state) || "PAUSED".equals(state);
    }

    /**
     * Sent and skipped as the recipient rows say while a sender holds the campaign (sending, or just paused or
     * cancelled under it): the send job moves the stored counters once per batch, and afterwards sets them from the
     * rows. Two index-only counts on campaign_recipients_state_idx, and nothing more for the sender to write.
     */
    private static final String COUNTS = """
            case when c.state = 'SENDING' or c.claimed_by is not null
                 then (select count(*) from campaign_recipients r where r.campaign_id = c.id and r.state = 'SENT')
                 else c.sent_count end,
            case when c.state = 'SENDING' or c.claimed_by is not null
                 then (select count(*) from campaign_recipients r where r.campaign_id = c.id and r.state <> 'SENT')
                 else c.skipped_count end""";

    @Transactional(readOnly = true)
    public Page<CampaignRow> list(String state, Integer page, Integer size) {
        int p = page == null || page < 0 ? 0 : Math.min(page, 100_000);
        int s = size == null || size < 1 ? 25 : Math.min(size, 200);
        String where = state != null && STATES.contains(state) ? " where c.state = :state" : "";
        List<CampaignRow> rows = jdbc.sql("""
                select c.id, c.name, c.state, s.name, c.scheduled_at, %s, c.created_at
                from campaigns c left join segments s on s.id = c.segment_id""".formatted(COUNTS) + where
                + " order by c.created_at desc, c.id desc limit :limit offset :offset")
                .param("state", state).param("limit", s).param("offset", (long) p * s)
                .query((rs, n) -> new CampaignRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        instant(rs.getTimestamp(5)), rs.getInt(6), rs.getInt(7), instant(rs.getTimestamp(8))))
                .list();
        long total = jdbc.sql("select count(*) from campaigns c" + where).param("state", state).query(Long.class)
                .single();
        return new Page<>(rows, total, p, s);
    }

    @Transactional(readOnly = true)
    public CampaignView get(long id) {
        CampaignView view = jdbc.sql("""
                select c.id, c.name, c.purpose_id, p.key, c.segment_id, s.name, c.from_name, c.from_address,
                       c.reply_to, c.default_language, c.state, c.scheduled_at, c.rate_per_minute, c.last_contact_id,
                       c.started_at, c.finished_at, %s, c.utm_campaign, c.created_at,
                       c.version
                from campaigns c join consent_purposes p on p.id = c.purpose_id
                left join segments s on s.id = c.segment_id where c.id = :id""".formatted(COUNTS)).param("id", id)
                .query((rs, n) -> new CampaignView(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        (Long) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)), rs.getInt(13),
                        rs.getLong(14), instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)), rs.getInt(17),
                        rs.getInt(18), rs.getString(19), List.of(), instant(rs.getTimestamp(20)), rs.getInt(21)))
                .optional().orElseThrow(() -> KlientException.notFound("campaign.notFound"));
        List<Content> contents = jdbc.sql("""
                select language, subject, body from campaign_contents where campaign_id = :id
                order by array_position(array['en','pl','cs'], language::text), language""").param("id", id)
                .query((rs, n) -> new Content(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        return new CampaignView(view.id(), view.name(), view.purposeId(), view.purposeKey(), view.segmentId(),
                view.segmentName(), view.fromName(), view.fromAddress(), view.replyTo(), view.defaultLanguage(),
                view.state(), view.scheduledAt(), view.ratePerMinute(), view.lastContactId(), view.startedAt(),
                view.finishedAt(), view.sentCount(), view.skippedCount(), view.utmCampaign(), contents,
                view.createdAt(), view.version());
    }

    @Transactional
    public CampaignView create(CampaignForm form) {
        Permission.MARKETING.check();
        CampaignForm clean = checked(form);
        long id = jdbc.sql("""
                insert into campaigns (name, purpose_id, segment_id, from_name, from_address, reply_to,
                    default_language, rate_per_minute, utm_campaign, owner_id)
                values (:name, :purpose, :segment, :fromName, :fromAddress, :replyTo, :language, :rate, :utm, :owner)
                returning id""").params(params(clean)).param("owner", CurrentUser.id()).query(Long.class).single();
        saveContents(id, clean.contents());
        audit.record(AuditAction.CREATE, "campaign", id, clean.name(), List.of());
        return get(id);
    }

    /** Changes a campaign that has not started sending (DRAFT or SCHEDULED). */
    @Transactional
    public CampaignView update(long id, CampaignForm form) {
        Permission.MARKETING.check();
        Versions.required(form == null ? null : form.version());
        CampaignForm clean = checked(form);
        versions.change("campaigns", id, form.version()).notFound("campaign.notFound").set("""
                name = :name, purpose_id = :purpose, segment_id = :segment, from_name = :fromName,
                from_address = :fromAddress, reply_to = :replyTo, default_language = :language, rate_per_minute = :rate,
                utm_campaign = :utm, updated_at = now()""").params(params(clean))
                .onlyIf("state in ('DRAFT', 'SCHEDULED', 'PAUSED')", () -> refused(id, "campaign.refused.edit"))
                .apply();
        jdbc.sql("delete from campaign_contents where campaign_id = :id").param("id", id).update();
        saveContents(id, clean.contents());
        audit.record(AuditAction.UPDATE, "campaign", id, clean.name(), List.of());
        return get(id);
    }

    /** DRAFT → SCHEDULED at the given moment (none: now); a moment in the past is refused. */
    @Transactional
    public CampaignView schedule(long id, ScheduleForm form) {
        Permission.MARKETING.check();
        Integer version = form == null ? null : form.version();
        Versions.required(version);
        OffsetDateTime at = form.at();
        if (at != null && at.toInstant().isBefore(Instant.now().minusSeconds(60))) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("at", "campaign.scheduledAt.past")));
        }
        CampaignView campaign = get(id);
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (campaign.segmentId() == null) {
            errors.add("segmentId", "campaign.segment.required");
        }
        if (campaign.contents().stream().noneMatch(c -> c.language().equals(campaign.defaultLanguage()))) {
            errors.add("contents", "campaign.contents.defaultMissing");
        }
        errors.throwIfAny();
        versions.change("campaigns", id, version).notFound("campaign.notFound")
                .set("state = 'SCHEDULED', scheduled_at = coalesce(:at, now()), updated_at = now()")
                .param("at", at == null ? null : java.sql.Timestamp.from(at.toInstant()))
                .onlyIf("state = 'DRAFT'", () -> refused(id, "campaign.refused.schedule")).apply();
        audit.record(AuditAction.UPDATE, "campaign", id, campaign.name(), List.of());
        return get(id);
    }

    /** SCHEDULED or SENDING → PAUSED: the send job stops before the next message. */
    @Transactional
    public CampaignView pause(long id, Integer version) {
        return move(id, version, "state = 'PAUSED'", "state in ('SCHEDULED', 'SENDING')", "campaign.refused.pause");
    }

    /** PAUSED → SENDING (SCHEDULED when it was paused before its time): it goes on where it stopped. */
    @Transactional
    public CampaignView resume(long id, Integer version) {
        return move(id, version, """
                state = case when started_at is null and scheduled_at > now() then 'SCHEDULED' else 'SENDING' end""",
                "state = 'PAUSED'", "campaign.refused.resume");
    }

    /** Any state before SENT → CANCELLED: what was sent stays sent, nothing more goes. */
    @Transactional
    public CampaignView cancel(long id, Integer version) {
        return move(id, version, "state = 'CANCELLED', finished_at = now()",
                "state in ('DRAFT', 'SCHEDULED', 'SENDING', 'PAUSED')", "campaign.refused.cancel");
    }

    private CampaignView move(long id, Integer version, String set, String from, String refusal) {
        Permission.MARKETING.check();
        Versions.required(version);
        versions.change("campaigns", id, version).notFound("campaign.notFound").set(set + ", updated_at = now()")
                .onlyIf(from, () -> refused(id, refusal)).apply();
        CampaignView after = get(id);
        audit.record(AuditAction.UPDATE, "campaign", id, after.name(), List.of());
        return after;
    }

    @Transactional(readOnly = true)
    public Page<Recipient> recipients(long id, String state, Integer page, Integer size) {
        get(id);
        String wanted = state == null || state.isBlank() ? null : state.strip();
        if (wanted != null && !RECIPIENT_STATES.contains(wanted)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("state", "campaign.recipientState.invalid",
                    String.join(", ", RECIPIENT_STATES))));
        }
        int p = page == null || page < 0 ? 0 : Math.min(page, 100_000);
        int s = size == null || size < 1 ? 50 : Math.min(size, 200);
        String where = " where r.campaign_id = :id" + (wanted != null ? " and r.state = :state" : "");
        List<Recipient> rows = jdbc.sql("""
                select r.contact_id, trim(coalesce(c.first_name, '') || ' ' || c.last_name), r.address, r.language,
                       r.state, r.at, r.opened_at, r.clicked_at
                from campaign_recipients r join contacts c on c.id = r.contact_id""" + where
                + " order by r.contact_id limit :limit offset :offset").param("id", id).param("state", wanted)
                .param("limit", s).param("offset", (long) p * s)
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                        instant(rs.getTimestamp(8))))
                .list();
        long total = jdbc.sql("select count(*) from campaign_recipients r" + where).param("id", id)
                .param("state", wanted).query(Long.class).single();
        return new Page<>(rows, total, p, s);
    }

    public static final List<String> RECIPIENT_STATES = List.of("SENT", "NO_CONSENT", "SUPPRESSED", "NO_ADDRESS",
            "FAILED", "BOUNCED");

    /**
     * The message as the contact would get it (no contact: as an example contact with no data). Not read-only: the
     * first link Klient ever signs makes the signing key.
     */
    @Transactional
    public Preview preview(long id, Long contactId, String language) {
        CampaignView campaign = get(id);
        if (contactId != null && jdbc.sql("select count(*) from contacts where id = :id").param("id", contactId)
                .query(Long.class).single() == 0) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("contactId", "campaign.contact.notFound")));
        }
        String chosen = language == null || language.isBlank() ? null : language.strip();
        if (chosen != null && !LANGUAGES.contains(chosen)) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("language", "campaign.language.invalid")));
        }
        return messages.preview(campaign, contactId, chosen);
    }

    /** Sends the message as the contact (or an example) would get it to one address, marked as a test. */
    @Transactional
    public Preview testSend(long id, TestSendForm form) {
        Permission.MARKETING.check();
        String address = form == null || form.address() == null ? "" : form.address().strip();
        if (!EMAIL.matcher(address).matches() || address.length() > 320) {
            throw new InvalidFields(List.of(new InvalidFields.FieldError("address", "campaign.address.invalid")));
        }
        Preview preview = preview(id, form.contactId(), null);
        messages.sendTest(get(id), preview, address);
        return preview;
    }

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern
            .compile("[^@\\s<>\",;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");

    private KlientException refused(long id, String key) {
        String state = jdbc.sql("select state from campaigns where id = :id").param("id", id).query(String.class)
                .optional().orElse("DRAFT");
        return new RefusedTransition(key, "campaign.state." + state);
    }

    private void saveContents(long id, List<Content> contents) {
        for (Content c : contents) {
            jdbc.sql("insert into campaign_contents (campaign_id, language, subject, body) values (:id, :l, :s, :b)")
                    .param("id", id).param("l", c.language()).param("s", c.subject()).param("b", c.body()).update();
        }
    }

    private static java.util.Map<String, Object> params(CampaignForm f) {
        java.util.Map<String, Object> p = new java.util.HashMap<>();
        p.put("name", f.name());
        p.put("purpose", f.purposeId());
        p.put("segment", f.segmentId());
        p.put("fromName", f.fromName());
        p.put("fromAddress", f.fromAddress());
        p.put("replyTo", f.replyTo());
        p.put("language", f.defaultLanguage());
        p.put("rate", f.ratePerMinute());
        p.put("utm", f.utmCampaign());
        return p;
    }

    /** The form checked field by field, with blanks as nulls and every body cleaned; refused when anything is wrong. */
    private CampaignForm checked(CampaignForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        if (form == null) {
            errors.add("name", "campaign.name.required");
            errors.throwIfAny();
        }
        String name = blank(form.name());
        if (name == null) {
            errors.add("name", "campaign.name.required");
        }
        else if (name.length() > 200) {
            errors.add("name", "campaign.tooLong", 200);
        }
        if (form.purposeId() == null || jdbc.sql("select count(*) from consent_purposes where id = :id and active")
                .param("id", form.purposeId()).query(Long.class).single() == 0) {
            errors.add("purposeId", "campaign.purpose.required");
        }
        if (form.segmentId() != null && jdbc.sql("select count(*) from segments where id = :id")
                .param("id", form.segmentId()).query(Long.class).single() == 0) {
            errors.add("segmentId", "campaign.segment.notFound");
        }
        // the sender's name and addresses go into the message's headers: a line break there would add headers
        String fromName = blank(form.fromName());
        if (fromName != null && CONTROL.matcher(fromName).find()) {
            errors.add("fromName", "campaign.header.control");
        }
        else if (fromName != null && fromName.length() > 100) {
            errors.add("fromName", "campaign.tooLong", 100);
        }
        String fromAddress = blank(form.fromAddress());
        if (fromAddress != null && CONTROL.matcher(fromAddress).find()) {
            errors.add("fromAddress", "campaign.header.control");
        }
        else if (fromAddress != null && (fromAddress.length() > 320 || !EMAIL.matcher(fromAddress).matches())) {
            errors.add("fromAddress", "campaign.address.invalid");
        }
        String replyTo = blank(form.replyTo());
        if (replyTo != null && CONTROL.matcher(replyTo).find()) {
            errors.add("replyTo", "campaign.header.control");
        }
        else if (replyTo != null && (replyTo.length() > 320 || !EMAIL.matcher(replyTo).matches())) {
            errors.add("replyTo", "campaign.address.invalid");
        }
        String language = blank(form.defaultLanguage()) == null ? "en" : form.defaultLanguage().strip();
        if (!LANGUAGES.contains(language)) {
            errors.add("defaultLanguage", "campaign.language.invalid");
        }
        int rate = form.ratePerMinute() == null ? 600 : form.ratePerMinute();
        if (rate <= 0 || rate > 1_000_000) {
            errors.add("ratePerMinute", "campaign.rate.invalid");
        }
        String utm = blank(form.utmCampaign());
        if (utm != null && (utm.length() > 100 || !utm.matches("[A-Za-z0-9._~-]+"))) {
            errors.add("utmCampaign", "campaign.utm.invalid");
        }
        Set<String> customKeys = new java.util.HashSet<>();
        for (CustomerType type : CustomerType.values()) {
            String prefix = type == CustomerType.CONTACT ? "contact.custom." : "company.custom.";
            customFields.all(type).forEach(d -> customKeys.add(prefix + d.key()));
        }
        List<Content> contents = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Content> given = form.contents() == null ? List.of() : form.contents();
        for (int i = 0; i < given.size(); i++) {
            Content c = given.get(i);
            String field = "contents[" + i + "]";
            if (c == null || c.language() == null || !LANGUAGES.contains(c.language())) {
                errors.add(field + ".language", "campaign.language.invalid");
                continue;
            }
            String subject = blank(c.subject());
            String body = c.body() == null ? "" : c.body();
            if (subject == null && body.isBlank()) {
                continue; // a language left empty in the editor
            }
            if (!seen.add(c.language())) {
                errors.add(field + ".language", "campaign.language.twice");
                continue;
            }
            if (subject == null) {
                errors.add(field + ".subject", "campaign.subject.required");
            }
            else if (subject.length() > 300) {
                errors.add(field + ".subject", "campaign.tooLong", 300);
            }
            if (body.isBlank()) {
                errors.add(field + ".body", "campaign.body.required");
            }
            else if (body.length() > 200_000) {
                errors.add(field + ".body", "campaign.tooLong", 200_000);
            }
            for (String[] part : new String[][] { { "subject", subject == null ? "" : subject }, { "body", body } }) {
                List<String> unknown = new ArrayList<>(app.klient.documents.MergeFields.unknown(part[1]));
                for (String f : CampaignMessages.fieldsIn(part[1])) {
                    boolean known = CampaignMessages.available(f)
                            && (!f.matches("(contact|company)\\.custom\\..*") || customKeys.contains(f));
                    if (!known && !unknown.contains(f)) {
                        unknown.add(f);
                    }
                }
                if (!unknown.isEmpty()) {
                    errors.add(field + "." + part[0], "campaign.mergeField.unknown", String.join(", ", unknown));
                }
            }
            contents.add(new Content(c.language(), subject, clean(body)));
        }
        if (contents.isEmpty() && !errors.has("contents")) {
            errors.add("contents", "campaign.contents.required");
        }
        else if (LANGUAGES.contains(language) && !seen.contains(language)) {
            errors.add("defaultLanguage", "campaign.contents.defaultMissing");
        }
        errors.throwIfAny();
        return new CampaignForm(name, form.purposeId(), form.segmentId(), fromName, fromAddress, replyTo, language,
                rate, utm, contents, form.version());
    }

    /**
     * Marketer HTML without scripts, event handlers or foreign protocols; merge fields survive as text. A link or
     * image needs an absolute http(s) address (mailto: for links): one without (relative, or emptied by the cleaning)
     * is dropped — an image entirely, a link keeps its text. Spaces in an address are encoded, so the link stays whole.
     */
    public static String clean(String html) {
        Document.OutputSettings out = new Document.OutputSettings().prettyPrint(false);
        // addresses are first made whole (spaces encoded), then cleaned without any base: a relative one is dropped
        // merge fields inside an address stand aside as plain words while jsoup checks it, then come back
        Document raw = Jsoup.parseBodyFragment(html == null ? "" : html);
        List<String> fields = new ArrayList<>();
        for (org.jsoup.nodes.Element e : raw.select("[href], [src]")) {
            for (String attribute : new String[] { "href", "src" }) {
                if (e.hasAttr(attribute)) {
                    java.util.regex.Matcher m = MERGE_FIELD.matcher(encodeSpaces(e.attr(attribute)));
                    StringBuilder b = new StringBuilder();
                    while (m.find()) {
                        fields.add(m.group());
                        m.appendReplacement(b, "klientfield" + (fields.size() - 1) + "x");
                    }
                    m.appendTail(b);
                    e.attr(attribute, b.toString());
                }
            }
        }
        raw.outputSettings(out);
        Document cleaned = Jsoup.parseBodyFragment(Jsoup.clean(raw.body().html(), "", SAFE, out));
        cleaned.outputSettings(out);
        for (org.jsoup.nodes.Element img : cleaned.select("img")) {
            if (!ABSOLUTE.matcher(img.attr("src")).matches()) {
                img.remove();
            }
        }
        for (org.jsoup.nodes.Element a : cleaned.select("a")) {
            String href = a.attr("href");
            if (!ABSOLUTE.matcher(href).matches() && !href.regionMatches(true, 0, "mailto:", 0, 7)) {
                a.unwrap();
            }
        }
        for (org.jsoup.nodes.Element e : cleaned.select("[href], [src]")) {
            for (String attribute : new String[] { "href", "src" }) {
                if (e.hasAttr(attribute) && e.attr(attribute).contains("klientfield")) {
                    java.util.regex.Matcher m = FIELD_MARK.matcher(e.attr(attribute));
                    StringBuilder b = new StringBuilder();
                    while (m.find()) {
                        int n = Integer.parseInt(m.group(1));
                        m.appendReplacement(b, java.util.regex.Matcher.quoteReplacement(n < fields.size()
                                ? fields.get(n) : ""));
                    }
                    m.appendTail(b);
                    e.attr(attribute, b.toString());
                }
            }
        }
        return cleaned.body().html();
    }

    /** Control characters (line breaks among them) and the Unicode line and paragraph separators. */
    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern
            .compile("[\\p{Cntrl}\\u2028\\u2029\\u0085]");
    private static final java.util.regex.Pattern MERGE_FIELD = java.util.regex.Pattern.compile("\\{\\{[^{}]*}}");
    private static final java.util.regex.Pattern FIELD_MARK = java.util.regex.Pattern.compile("klientfield(\\d{1,6})x");
    private static final java.util.regex.Pattern ABSOLUTE = java.util.regex.Pattern
            .compile("(?i)https?://[^\\s/?#]+[^\\s]*");

    /** Whitespace inside an address (outside merge fields) as %20; around it, gone. */
    static String encodeSpaces(String url) {
        String u = url.strip();
        StringBuilder b = new StringBuilder(u.length());
        int depth = 0;
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c == '{' && i + 1 < u.length() && u.charAt(i + 1) == '{') {
                depth++;
            }
            else if (c == '}' && i + 1 < u.length() && u.charAt(i + 1) == '}' && depth > 0) {
                depth--;
            }
            if (Character.isWhitespace(c) && depth == 0) {
                b.append("%20");
            }
            else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Instant instant(java.sql.Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
