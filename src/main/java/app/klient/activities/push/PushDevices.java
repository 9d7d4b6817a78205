package app.klient.activities.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import app.klient.identity.CurrentUser;
import app.klient.identity.Devices;
import app.klient.platform.InvalidFields;
import app.klient.platform.KlientException;
import app.klient.platform.Secrets;
import app.klient.platform.StoredSecret;
import app.klient.platform.push.PushEncryption;
import app.klient.platform.push.WebPush;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The browsers a person gets push notifications on: each one switched on from that browser (its subscription with
 * the push service) and switched off from any of them. A browser subscribes once: the same endpoint subscribed again
 * (by its owner or, after a new sign-in on a shared device, by someone else) belongs to whoever subscribed it last.
 */
@Service
public class PushDevices {

    /** How many browsers one person may have: a phone, a tablet, a few computers. */
    static final int MAX_PER_PERSON = 20;

    private final JdbcClient jdbc;
    private final WebPush push;
    private final Secrets secrets;

    /** A person signed out everywhere or deactivated: their browsers get no more notifications (a lost phone). */
    @org.springframework.context.event.EventListener
    void forget(app.klient.identity.SignedOutEverywhere signedOut) {
        jdbc.sql("delete from push_subscriptions where user_id = :user").param("user", signedOut.userId()).update();
    }

    PushDevices(JdbcClient jdbc, WebPush push, Secrets secrets) {
        this.jdbc = jdbc;
        this.push = push;
        this.secrets = secrets;
    }

    @Bean
    static StoredSecret pushAuthSecret() {
        return new StoredSecret("push_subscriptions", "id", "auth");
    }

    /** One browser that gets push: its name from its user agent, since when, when it last got one. */
    public record Device(long id, String browser, String system, Instant createdAt, Instant lastPushAt) {
    }

    /** What a browser's {@code PushSubscription.toJSON()} holds ({@code expirationTime} is not used: push services say 410). */
    public record Subscription(String endpoint, Long expirationTime, Keys keys) {
        public record Keys(String p256dh, String auth) {
        }
    }

    public String publicKey() {
        return push.publicKey();
    }

    @Transactional
    public Device subscribe(Subscription subscription, String device) {
        long me = CurrentUser.id();
        InvalidFields.Collector errors = new InvalidFields.Collector();
        String endpoint = subscription == null ? null : subscription.endpoint();
        URI uri = null;
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > 1000 || endpoint.indexOf('\0') >= 0) {
            errors.add("endpoint", "push.endpoint.invalid");
        }
        else {
            try {
                uri = new URI(endpoint);
                if (!uri.isAbsolute() || !push.acceptable(uri)) {
                    errors.add("endpoint", "push.endpoint.refused");
                }
            }
            catch (URISyntaxException e) {
                errors.add("endpoint", "push.endpoint.invalid");
            }
        }
        Subscription.Keys keys = subscription == null ? null : subscription.keys();
        byte[] p256dh = decode(keys == null ? null : keys.p256dh(), 100);
        try {
            PushEncryption.publicKey(p256dh);
        }
        catch (java.security.GeneralSecurityException | RuntimeException e) {
            errors.add("keys.p256dh", "push.key.invalid");
        }
        byte[] auth = decode(keys == null ? null : keys.auth(), 40);
        if (auth == null || auth.length != 16) {
            errors.add("keys.auth", "push.key.invalid");
        }
        errors.throwIfAny();
        String name = device == null ? "" : device.replace('\0', ' ').strip();
        name = name.length() > 200 ? name.substring(0, 200) : name;
        int mine = jdbc.sql("select count(*) from push_subscriptions where user_id = :me and endpoint <> :endpoint")
                .param("me", me).param("endpoint", endpoint).query(Integer.class).single();
        if (mine >= MAX_PER_PERSON) {
            throw KlientException.conflict("push.tooMany", MAX_PER_PERSON);
        }
        long id = jdbc.sql("""
                insert into push_subscriptions (user_id, endpoint, p256dh, auth, device) values (:me, :endpoint,
                    :p256dh, :auth, :device)
                on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh,
                    auth = excluded.auth, device = excluded.device, created_at = now(), last_push_at = null
                returning id""")
                .param("me", me).param("endpoint", uri.toString()).param("p256dh", keys.p256dh())
                .param("auth", secrets.seal(keys.auth())).param("device", name).query(Long.class).single();
        // what was still to be sent to the device's previous owner is not sent to its new one
        jdbc.sql("""
                delete from push_deliveries d using notifications n
                where d.subscription_id = :id and d.state = 'PENDING' and n.id = d.notification_id and n.user_id <> :me""")
                .param("id", id).param("me", me).update();
        return mine().stream().filter(d -> d.id() == id).findFirst().orElseThrow();
    }

    @Transactional(readOnly = true)
    public List<Device> mine() {
        return jdbc.sql("""
                select id, device, created_at, last_push_at from push_subscriptions where user_id = :me
                order by created_at, id""")
                .param("me", CurrentUser.id())
                .query((rs, n) -> {
                    Devices.Device named = Devices.of(rs.getString(2));
                    return new Device(rs.getLong(1), named.browser(), named.system(), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant());
                })
                .list();
    }

    /** Switches push off on one of my browsers; someone else's (or an unknown id) is not found. */
    @Transactional
    public void remove(long id) {
        if (jdbc.sql("delete from push_subscriptions where id = :id and user_id = :me").param("id", id)
                .param("me", CurrentUser.id()).update() == 0) {
            throw KlientException.notFound("push.device.notFound");
        }
    }

    /** Switches push off on the browser with this endpoint, when it is mine (the browser unsubscribed itself). */
    @Transactional
    public boolean removeEndpoint(String endpoint) {
        return endpoint != null && jdbc.sql("delete from push_subscriptions where endpoint = :endpoint and user_id = :me")
                .param("endpoint", endpoint).param("me", CurrentUser.id()).update() > 0;
    }

    private static byte[] decode(String base64url, int maxLength) {
        if (base64url == null || base64url.isEmpty() || base64url.length() > maxLength
                || !base64url.matches("[A-Za-z0-9_\\-]+=*")) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(base64url.replace("=", ""));
        }
        catch (IllegalArgumentException e) {
            return null;
        }
    }
}
