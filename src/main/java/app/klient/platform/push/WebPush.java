package app.klient.platform.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import app.klient.platform.PublicAddresses;
import app.klient.platform.PublicUrl;
import app.klient.platform.Secrets;
import app.klient.platform.StoredSecret;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends Web Push messages (RFC 8030) to browsers' push services: the body encrypted for the browser (RFC 8291,
 * {@link PushEncryption}) and the request signed with Klient's VAPID key (RFC 8292, an ES256 JWT). The VAPID key pair
 * is made by the first node that needs it and kept in the database, the private key sealed ({@link Secrets}), so
 * every node signs alike and a restart keeps the browsers' subscriptions valid. A push service is reached only at the
 * addresses {@link PublicAddresses} allows (the administrator allows more with {@code klient.push.allowed-networks},
 * by default the webhooks' list), never following a redirect.
 */
@Component
public class WebPush implements DisposableBean {

    static final int SECONDS = 15;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final JdbcClient jdbc;
    private final Secrets secrets;
    private final PublicUrl publicUrl;
    private final String subject;
    private final PublicAddresses addresses;
    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "push-deadlines");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Vapid vapid;

    WebPush(JdbcClient jdbc, Secrets secrets, PublicUrl publicUrl,
            @Value("${klient.push.subject:}") String subject,
            @Value("${klient.push.allowed-networks:${klient.webhooks.allowed-networks:}}") List<String> allowed) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.publicUrl = publicUrl;
        this.subject = subject == null ? "" : subject.strip();
        this.addresses = new PublicAddresses(allowed);
        Timeout timeout = Timeout.ofSeconds(SECONDS);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(addresses)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .setMaxConnTotal(64).setMaxConnPerRoute(16).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .setUserAgent("Klient-Push/1").build();
    }

    @Bean
    static StoredSecret vapidPrivateKey() {
        return new StoredSecret("push_vapid_keys", "id", "private_key");
    }

    /** A browser's subscription: where its push service takes messages for it, and its keys (RFC 8291). */
    public record Target(URI endpoint, byte[] p256dh, byte[] auth) {
    }

    /** What came of one attempt: the status (null when no answer came) or the error. */
    public record Outcome(Integer status, String error) {

        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        /** The push service forgot the subscription (the browser or person unsubscribed): never send there again. */
        public boolean gone() {
            return status != null && (status == 404 || status == 410);
        }

        /** The request itself is wrong (too big, refused key): sending it again does not help. */
        public boolean refused() {
            return status != null && status >= 400 && status < 500 && status != 408 && status != 429 && !gone();
        }
    }

    /** Klient's VAPID public key, uncompressed and base64url: what a browser's {@code applicationServerKey} is. */
    public String publicKey() {
        return vapid().publicKey();
    }

    /** Whether an endpoint is one a push may go to: HTTPS to public addresses, plain HTTP only to allowed networks. */
    public boolean acceptable(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || endpoint.getHost() == null
                || endpoint.getRawUserInfo() != null) {
            return false;
        }
        try {
            java.net.InetAddress[] all = java.net.InetAddress.getAllByName(endpoint.getHost());
            return java.util.Arrays.stream(all).allMatch(addresses::reachable)
                    && (scheme.equals("https") || java.util.Arrays.stream(all).allMatch(addresses::allowedExplicitly));
        }
        catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** Sends one message; {@code ttl} is how long the push service keeps it for a browser that is offline. */
    public Outcome send(Target target, byte[] payload, Duration ttl, String topic) {
        byte[] body;
        String authorization;
        try {
            body = PushEncryption.encrypt(target.p256dh(), target.auth(), payload);
            authorization = vapid().authorization(target.endpoint(), subject());
        }
        catch (RuntimeException e) {
            return new Outcome(null, describe(e));
        }
        HttpPost post = new HttpPost(target.endpoint());
        post.setHeader("TTL", String.valueOf(ttl.toSeconds()));
        post.setHeader("Content-Encoding", "aes128gcm");
        post.setHeader("Urgency", "normal");
        if (topic != null) {
            post.setHeader("Topic", topic);
        }
        post.setHeader("Authorization", authorization);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_OCTET_STREAM));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, SECONDS, TimeUnit.SECONDS);
        try {
            return http.execute(post, response -> {
                if (response.getEntity() != null) {
                    try (InputStream in = response.getEntity().getContent()) {
                        in.readNBytes(4000);
                    }
                }
                return new Outcome(response.getCode(), null);
            });
        }
        catch (IOException | RuntimeException e) {
            return new Outcome(null, post.isCancelled() ? "No answer within " + SECONDS + " s" : describe(e));
        }
        finally {
            deadline.cancel(false);
        }
    }

    /** The VAPID "sub": whom the push service may contact (RFC 8292 section 2.1). */
    private String subject() {
        if (!subject.isEmpty()) {
            return subject;
        }
        String base = publicUrl.base();
        // a push service (Apple's) refuses a localhost subject: say who runs Klient by its public address
        return base.startsWith("https://") ? base : "mailto:push@klient.invalid";
    }

    private Vapid vapid() {
        Vapid known = vapid;
        if (known == null) {
            synchronized (this) {
                if (vapid == null) {
                    vapid = loadOrMake();
                }
                known = vapid;
            }
        }
        return known;
    }

    private Vapid loadOrMake() {
        try {
            KeyPair fresh = PushEncryption.newKeyPair();
            // the first node to get here makes the pair; every other node reads the one that was stored
            jdbc.sql("""
                    insert into push_vapid_keys (id, public_key, private_key) values (1, :public, :private)
                    on conflict (id) do nothing""")
                    .param("public", BASE64URL.encodeToString(PushEncryption.uncompressed((ECPublicKey) fresh.getPublic())))
                    .param("private", secrets.seal(Base64.getEncoder().encodeToString(fresh.getPrivate().getEncoded())))
                    .update();
            record Stored(String publicKey, String privateKey) {
            }
            Stored stored = jdbc.sql("select public_key, private_key from push_vapid_keys where id = 1")
                    .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2))).single();
            PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(secrets.open(stored.privateKey()))));
            return new Vapid(stored.publicKey(), key);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 keys are not available in this Java", e);
        }
    }

    /** Klient's VAPID identity: signs a JWT for the push service's origin, valid for 12 hours. */
    record Vapid(String publicKey, PrivateKey privateKey) {

        String authorization(URI endpoint, String subject) {
            String audience = endpoint.getScheme().toLowerCase(Locale.ROOT) + "://" + endpoint.getRawAuthority();
            String header = BASE64URL.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}"
                    .getBytes(StandardCharsets.UTF_8));
            String claims = BASE64URL.encodeToString(("{\"aud\":\"" + json(audience) + "\",\"exp\":"
                    + Instant.now().plus(Duration.ofHours(12)).getEpochSecond() + ",\"sub\":\"" + json(subject)
                    + "\"}").getBytes(StandardCharsets.UTF_8));
            try {
                Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
                signer.initSign(privateKey);
                signer.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
                String jwt = header + "." + claims + "." + BASE64URL.encodeToString(signer.sign());
                return "vapid t=" + jwt + ", k=" + publicKey;
            }
            catch (GeneralSecurityException e) {
                throw new IllegalStateException("ES256 is not available in this Java", e);
            }
        }

        private static String json(String text) {
            return text.replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }

    private static String describe(Exception e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
