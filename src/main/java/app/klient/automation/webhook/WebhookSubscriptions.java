package app.klient.automation.webhook;

import app.klient.platform.PublicAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.klient.automation.Rules;
import app.klient.audit.AuditAction;
import app.klient.audit.AuditLog;
import app.klient.audit.FieldChange;
import app.klient.identity.CurrentUser;
import app.klient.identity.Permission;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.RefusedTransition;
import app.klient.platform.db.Versions;
import app.klient.platform.web.CountedPage;
import app.klient.platform.web.Keyset;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * The administrator's webhook subscriptions: made and changed with their address checked against the address policy
 * before anything is sent, switched on and off, their secret rotated (the previous one signs along for a day, so a
 * receiver can switch over without losing a message), tried out with a test event, and their delivery log with
 * redelivery. Administrators only ({@link Permission#WEBHOOKS}): a subscription hands every change out of Klient.
 */
@Service
public class WebhookSubscriptions {

    /** How long a rotated-out secret still signs alongside the new one. */
    static final Duration OVERLAP = Duration.ofHours(24);

    private static final String[] AUDITED = { "url", "description", "eventTypes" };

    private final JdbcClient jdbc;
    private final Versions versions;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final WebhookDeliveries deliveries;
    private final PublicAddresses addresses;
    private final app.klient.platform.Secrets secrets;

    /** Tells the rule engine in the same transaction: the kinds of record written down follow the subscriptions. */
    private final org.springframework.context.ApplicationEventPublisher watched;

    WebhookSubscriptions(JdbcClient jdbc, Versions versions, AuditLog audit, ObjectMapper json,
            WebhookDeliveries deliveries, @Value("${klient.webhooks.allowed-networks:}") List<String> allowedNetworks,
            org.springframework.context.ApplicationEventPublisher watched, app.klient.platform.Secrets secrets) {
        this.secrets = secrets;
        this.watched = watched;
        this.jdbc = jdbc;
        this.versions = versions;
        this.audit = audit;
        this.json = json;
        this.deliveries = deliveries;
        this.addresses = new PublicAddresses(allowedNetworks);
    }

    /** The subscriptions' secrets (and the previous ones during a rotation), kept sealed. */
    @org.springframework.context.annotation.Bean
    static app.klient.platform.StoredSecret webhookSecret() {
        return new app.klient.platform.StoredSecret("webhook_subscriptions", "id", "secret");
    }

    @org.springframework.context.annotation.Bean
    static app.klient.platform.StoredSecret webhookPreviousSecret() {
        return new app.klient.platform.StoredSecret("webhook_subscriptions", "id", "previous_secret");
    }

    @Transactional(readOnly = true)
    public List<WebhookView> list() {
        Permission.WEBHOOKS.check();
        return jdbc.sql(SELECT + " order by s.id").query(this::view).list();
    }

    @Transactional(readOnly = true)
    public WebhookView get(long id) {
        Permission.WEBHOOKS.check();
        return jdbc.sql(SELECT + " where s.id = :id").param("id", id).query(this::view).optional()
                .orElseThrow(() -> KlientException.notFound("webhook.notFound"));
    }

    /** A new subscription with a new secret, owned (told when it is switched off) by whoever made it. */
    @Transactional
    public WebhookView create(WebhookForm form) {
        Permission.WEBHOOKS.check();
        Checked checked = check(form);
        boolean enabled = !Boolean.FALSE.equals(form.enabled());
        long id = jdbc.sql("""
                insert into webhook_subscriptions (url, description, event_types, secret, enabled, disabled_reason,
                    owner_id)
                values (:url, :description, :types, :secret, :enabled, :reason, :owner) returning id""")
                .param("url", checked.url()).param("description", checked.description())
                .param("types", checked.eventTypes().toArray(String[]::new))
                .param("secret", secrets.seal(WebhookSignature.newSecret())).param("enabled", enabled)
                .param("reason", enabled ? null : "HAND").param("owner", CurrentUser.id())
                .query(Long.class).single();
        WebhookView made = get(id);
        audit.record(AuditAction.CREATE, "webhook", id, made.url(), FieldChange.of(FieldChange.fields(made,
                "url", "description", "eventTypes", "enabled")));
        watched.publishEvent(new Rules.Changed(id));
        return made;
    }

    /** Changes the address, description and events, from the version the editor saw (409 if it moved on). */
    @Transactional
    public WebhookView update(long id, WebhookForm form) {
        Permission.WEBHOOKS.check();
        Versions.required(form.version());
        WebhookView current = get(id);
        Checked checked = check(form);
        versions.change("webhook_subscriptions", id, form.version())
                .set("url = :url, description = :description, event_types = :types, updated_at = now()")
                .param("url", checked.url()).param("description", checked.description())
                .param("types", checked.eventTypes().toArray(String[]::new))
                .notFound("webhook.notFound").apply();
        WebhookView changed = get(id);
        audit.record(AuditAction.UPDATE, "webhook", id, changed.url(), FieldChange.between(
                FieldChange.fields(current, AUDITED), FieldChange.fields(changed, AUDITED)));
        watched.publishEvent(new Rules.Changed(id));
        return changed;
    }

    /** Switches a subscription on again: its failures are forgotten, so three more days are needed to stop it. */
    @Transactional
    public WebhookView enable(long id, Integer version) {
        Permission.WEBHOOKS.check();
        WebhookView current = get(id);
        versions.change("webhook_subscriptions", id, version)
                .set("enabled = true, disabled_reason = null, failing_since = null, updated_at = now()")
                .onlyIf("not enabled", () -> new RefusedTransition("webhook.enable.refused", "webhook.state.ON"))
                .notFound("webhook.notFound").apply();
        audit.record(AuditAction.UPDATE, "webhook", id, current.url(),
                List.of(new FieldChange("enabled", "false", "true")));
        watched.publishEvent(new Rules.Changed(id));
        return get(id);
    }

    /** Switches a subscription off by hand: nothing more is sent (what is pending waits) until it is switched on. */
    @Transactional
    public WebhookView disable(long id, Integer version) {
        Permission.WEBHOOKS.check();
        WebhookView current = get(id);
        versions.change("webhook_subscriptions", id, version)
                .set("enabled = false, disabled_reason = 'HAND', updated_at = now()")
                .onlyIf("enabled", () -> new RefusedTransition("webhook.disable.refused",
                        "webhook.state." + current.state()))
                .notFound("webhook.notFound").apply();
        audit.record(AuditAction.UPDATE, "webhook", id, current.url(),
                List.of(new FieldChange("enabled", "true", "false")));
        watched.publishEvent(new Rules.Changed(id));
        return get(id);
    }

    /** Deletes a subscription with its delivery log; what was pending is not sent. */
    @Transactional
    public void delete(long id) {
        Permission.WEBHOOKS.check();
        WebhookView current = get(id);
        jdbc.sql("delete from webhook_subscriptions where id = :id").param("id", id).update();
        audit.record(AuditAction.DELETE, "webhook", id, current.url(), List.of());
    }

    /**
     * A new secret; the one it replaces signs along with it for {@link #OVERLAP} (each message carries both
     * signatures), so the receiver can switch over in its own time. A second rotation within the day ends the
     * first one's overlap.
     */
    @Transactional
    public WebhookView rotateSecret(long id) {
        Permission.WEBHOOKS.check();
        WebhookView current = get(id);
        jdbc.sql("""
                update webhook_subscriptions set previous_secret = secret, secret = :secret,
                    previous_secret_until = now() + :hours * interval '1 hour', updated_at = now(),
                    version = version + 1
                where id = :id""")
                .param("secret", secrets.seal(WebhookSignature.newSecret())).param("hours", OVERLAP.toHours())
                .param("id", id)
                .update();
        audit.record(AuditAction.UPDATE, "webhook", id, current.url(),
                List.of(new FieldChange("secret", "…", "…")));
        return get(id);
    }

    /** Queues a {@code webhook.test} message to this subscription alone, whatever events it wants. */
    @Transactional
    public WebhookDelivery sendTest(long id) {
        Permission.WEBHOOKS.check();
        WebhookView subscription = get(id);
        if (!subscription.enabled()) {
            throw new RefusedTransition("webhook.test.off", "webhook.state." + subscription.state());
        }
        deliveries.enqueue(List.of(new WebhookDeliveries.Message(WebhookEvents.TEST, Instant.now(),
                json.createObjectNode().put("subscriptionId", id).put("test", true), List.of(id))));
        return jdbc.sql(DELIVERIES + " where d.subscription_id = :s order by d.id desc limit 1").param("s", id)
                .query(WebhookSubscriptions::delivery).single();
    }

    /** The subscription's deliveries, newest first, with the cursors of the page's neighbours. */
    @Transactional(readOnly = true)
    public CountedPage<WebhookDelivery> deliveries(long id, Pageable page, String after, String before) {
        get(id);
        Keyset keyset = Keyset.of(NEWEST, Sort.by(Sort.Order.desc("id")), after, before);
        String cursor = keyset.condition();
        List<WebhookDelivery> rows = new ArrayList<>();
        List<String> cursors = new ArrayList<>();
        jdbc.sql(DELIVERY_COLUMNS + ", " + keyset.selectKeys() + DELIVERY_FROM + " where d.subscription_id = :s"
                + (cursor == null ? "" : " and " + cursor) + keyset.orderBy() + " limit :limit"
                + (keyset.hasCursor() ? "" : " offset :offset"))
                .param("s", id).params(keyset.params()).param("limit", page.getPageSize() + 1)
                .param("offset", page.getOffset()).query(rs -> {
                    rows.add(delivery(rs, rows.size()));
                    cursors.add(keyset.cursor(rs));
                });
        return keyset.page(rows, cursors, page, jdbc, "from webhook_deliveries d where d.subscription_id = :s",
                Map.of("s", id));
    }

    /** One delivery with what was sent and each attempt. */
    @Transactional(readOnly = true)
    public WebhookDelivery.Details delivery(long id, long deliveryId) {
        get(id);
        WebhookDelivery delivery = jdbc.sql(DELIVERIES + " where d.subscription_id = :s and d.id = :d")
                .param("s", id).param("d", deliveryId).query(WebhookSubscriptions::delivery).optional()
                .orElseThrow(() -> KlientException.notFound("webhook.delivery.notFound"));
        String payload = jdbc.sql("select payload from webhook_deliveries where id = :d").param("d", deliveryId)
                .query(String.class).single();
        List<WebhookDelivery.Attempt> attempts = jdbc.sql("""
                select attempted_at, duration_ms, status, response, error from webhook_attempts
                where delivery_id = :d order by attempted_at, id""").param("d", deliveryId)
                .query((rs, n) -> new WebhookDelivery.Attempt(rs.getTimestamp(1).toInstant(), rs.getInt(2),
                        (Integer) rs.getObject(3), rs.getString(4), rs.getString(5))).list();
        return new WebhookDelivery.Details(delivery, payload, attempts);
    }

    /**
     * Sends a delivered or failed message again as the same message (Standard Webhooks: a redelivery keeps its
     * webhook-id, so a receiver that already has it can tell). Refused while it is still pending, or while the
     * subscription is off.
     */
    @Transactional
    public WebhookDelivery redeliver(long id, long deliveryId) {
        WebhookView subscription = get(id);
        WebhookDelivery delivery = delivery(id, deliveryId).delivery();
        if (!subscription.enabled()) {
            throw new RefusedTransition("webhook.redeliver.off", "webhook.state." + subscription.state());
        }
        if (!deliveries.redeliver(id, deliveryId)) {
            throw new RefusedTransition("webhook.redeliver.pending", "webhook.delivery.state." + delivery.state());
        }
        return delivery(id, deliveryId).delivery();
    }

    // ---------------------------------------------------------------- checks

    private record Checked(String url, String description, List<String> eventTypes) {
    }

    private Checked check(WebhookForm form) {
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String url = form.url() == null ? "" : form.url().strip();
        if (url.isEmpty()) {
            errors.add("url", "webhook.url.required");
        }
        else if (url.length() > 2000) {
            errors.add("url", "webhook.url.invalid");
        }
        else {
            checkUrl(url, errors);
        }
        String description = form.description() == null ? "" : form.description().strip();
        if (description.length() > 200 || description.indexOf('\0') >= 0) {
            errors.add("description", "webhook.description.invalid");
        }
        Set<String> types = new LinkedHashSet<>();
        if (form.eventTypes() == null || form.eventTypes().isEmpty()) {
            errors.add("eventTypes", "webhook.events.required");
        }
        else {
            for (String type : form.eventTypes()) {
                if (type == null || !WebhookEvents.known(type.strip())) {
                    errors.add("eventTypes", "webhook.events.unknown", type == null ? "null"
                            : type.length() > 60 ? type.substring(0, 60) + "…" : type);
                    break;
                }
                types.add(type.strip());
            }
        }
        errors.throwIfAny();
        // every event is in "all"
        List<String> eventTypes = types.contains(WebhookEvents.ALL) ? List.of(WebhookEvents.ALL) : List.copyOf(types);
        return new Checked(url, description, eventTypes);
    }

    /**
     * HTTPS to a host whose every address the policy lets webhooks reach; plain HTTP only to networks the
     * administrator allowed by name (a receiver on the company's own network, or a test's). The same policy is
     * applied again on every send, so a name that later resolves elsewhere is still refused.
     */
    private void checkUrl(String url, InvalidFields.Collector errors) {
        URI uri;
        try {
            uri = new URI(url);
        }
        catch (URISyntaxException e) {
            errors.add("url", "webhook.url.invalid");
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            errors.add("url", "webhook.url.scheme");
            return;
        }
        if (host == null || host.isBlank() || uri.getRawUserInfo() != null) {
            errors.add("url", "webhook.url.invalid");
            return;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        }
        catch (UnknownHostException | SecurityException e) {
            errors.add("url", "webhook.url.unknownHost", host);
            return;
        }
        if (!Arrays.stream(resolved).allMatch(addresses::reachable)) {
            errors.add("url", "webhook.url.refused", host);
            return;
        }
        if (scheme.equals("http") && !Arrays.stream(resolved).allMatch(addresses::allowedExplicitly)) {
            errors.add("url", "webhook.url.https");
        }
    }

    // ---------------------------------------------------------------- reading

    private static final String SELECT = """
            select s.*, l.event_type as last_event, l.state as last_state, l.status as last_status, l.at as last_at
            from webhook_subscriptions s
            left join lateral (
                select d.event_type, d.state, a.status, coalesce(a.attempted_at, d.created_at) as at
                from webhook_deliveries d
                left join lateral (select status, attempted_at from webhook_attempts
                    where delivery_id = d.id order by attempted_at desc, id desc limit 1) a on true
                where d.subscription_id = s.id order by d.id desc limit 1) l on true""";

    private WebhookView view(ResultSet rs, int n) throws SQLException {
        Instant previousUntil = instant(rs, "previous_secret_until");
        boolean previousValid = previousUntil != null && previousUntil.isAfter(Instant.now());
        String lastState = rs.getString("last_state");
        return new WebhookView(rs.getLong("id"), rs.getString("url"), rs.getString("description"),
                List.of((String[]) rs.getArray("event_types").getArray()), rs.getBoolean("enabled"),
                rs.getString("disabled_reason"), instant(rs, "failing_since"), secrets.open(rs.getString("secret")),
                previousValid ? secrets.open(rs.getString("previous_secret")) : null,
                previousValid ? previousUntil : null,
                rs.getLong("owner_id"), instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"),
                lastState == null ? null : new WebhookView.LastDelivery(rs.getString("last_event"), lastState,
                        (Integer) rs.getObject("last_status"), instant(rs, "last_at")));
    }

    private static final String DELIVERY_COLUMNS = """
            select d.id, d.subscription_id, d.message_id, d.event_type, d.state,
                   (select count(*) from webhook_attempts a where a.delivery_id = d.id) as tried,
                   l.status, l.error, d.created_at, l.attempted_at, d.delivered_at,
                   case when d.state = 'PENDING' then d.next_attempt_at end as due""";
    private static final String DELIVERY_FROM = """
             from webhook_deliveries d
            left join lateral (select status, error, attempted_at from webhook_attempts
                where delivery_id = d.id order by attempted_at desc, id desc limit 1) l on true""";
    private static final String DELIVERIES = DELIVERY_COLUMNS + DELIVERY_FROM;

    /** The log lists the newest delivery first, as the rules' logs list runs: by offset, or by a cursor. */
    private static final Map<String, Keyset.Order> NEWEST = Map.of("id",
            new Keyset.Order("id", new Keyset.Key("d.id", "bigint")));

    private static WebhookDelivery delivery(ResultSet rs, int n) throws SQLException {
        return new WebhookDelivery(rs.getLong("id"), rs.getLong("subscription_id"), rs.getString("message_id"),
                rs.getString("event_type"), rs.getString("state"), rs.getInt("tried"),
                (Integer) rs.getObject("status"), rs.getString("error"), instant(rs, "created_at"),
                instant(rs, "attempted_at"), instant(rs, "delivered_at"), instant(rs, "due"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
