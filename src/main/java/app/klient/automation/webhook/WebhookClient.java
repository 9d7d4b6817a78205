package app.klient.automation.webhook;

import app.klient.platform.PublicAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends one signed webhook: a POST of the payload with the Standard Webhooks headers, to the addresses
 * {@link PublicAddresses} allows, never following a redirect, and given up after {@value #SECONDS} seconds in all
 * (connecting, waiting and reading), however slowly the receiver answers.
 */
@Component
class WebhookClient implements DisposableBean {

    static final int SECONDS = 15;
    private static final int RESPONSE_KEPT = 1000;

    private final CloseableHttpClient http;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "webhook-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    WebhookClient(@Value("${klient.webhooks.allowed-networks:}") List<String> allowedNetworks) {
        Timeout timeout = Timeout.ofSeconds(SECONDS);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PublicAddresses(allowedNetworks))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build())
                        .setMaxConnTotal(128).setMaxConnPerRoute(32).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .setUserAgent("Klient-Webhooks/1").build();
    }

    /** What came of one attempt: the status (null when no answer came), the start of the answer, or the error. */
    record Outcome(Integer status, String response, String error, Duration took) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        boolean gone() {
            return status != null && status == 410;
        }
    }

    Outcome send(URI url, String messageId, List<String> secrets, byte[] payload) {
        long timestamp = System.currentTimeMillis() / 1000;
        HttpPost post = new HttpPost(url);
        post.setHeader("webhook-id", messageId);
        post.setHeader("webhook-timestamp", String.valueOf(timestamp));
        post.setHeader("webhook-signature", WebhookSignature.header(secrets, messageId, timestamp, payload));
        post.setEntity(new ByteArrayEntity(payload, ContentType.APPLICATION_JSON));
        long start = System.nanoTime();
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, SECONDS, TimeUnit.SECONDS);
        try {
            return http.execute(post, response -> new Outcome(response.getCode(), start(response.getEntity()), null,
                    since(start)));
        }
        catch (IOException | RuntimeException e) {
            String error = post.isCancelled() ? "No answer within " + SECONDS + " s" : describe(e);
            return new Outcome(null, "", error, since(start));
        }
        finally {
            deadline.cancel(false);
        }
    }

    private static String start(HttpEntity entity) throws IOException {
        if (entity == null) {
            return "";
        }
        try (InputStream in = entity.getContent()) {
            String text = new String(in.readNBytes(RESPONSE_KEPT * 4), StandardCharsets.UTF_8).replace('\0', ' ');
            return text.length() > RESPONSE_KEPT ? text.substring(0, RESPONSE_KEPT) : text;
        }
    }

    private static String describe(Exception e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
