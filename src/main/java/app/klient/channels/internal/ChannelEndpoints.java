package app.klient.channels.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import app.klient.automation.OutboundWebhooks;
import app.klient.identity.Permission;
import app.klient.platform.KlientException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where Klient sends what it asks of another system: the phone system's click-to-call, and each messaging
 * channel's replies. Each is an automation webhook kept for this one purpose (signed, retried, logged); this table
 * only says which one serves which channel. Administrators only ({@link Permission#CHANNELS}).
 */
@Service
public class ChannelEndpoints {

    /** The phone system's click-to-call: not a channel name (those are slugs), so no channel can take it. */
    public static final String CLICK_TO_CALL = "#call";
    /** A channel's name: {@code sms}, {@code whatsapp}, {@code messenger}, {@code viber-business}. */
    public static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,29}");

    private final JdbcClient jdbc;
    private final OutboundWebhooks webhooks;

    ChannelEndpoints(JdbcClient jdbc, OutboundWebhooks webhooks) {
        this.jdbc = jdbc;
        this.webhooks = webhooks;
    }

    /** One endpoint as its administrator sees it: the channel, the webhook's address, secret and state. */
    public record EndpointView(String channel, long webhookId, String url, String secret, String state,
            int version) {

        public boolean clickToCall() {
            return CLICK_TO_CALL.equals(channel);
        }
    }

    public static boolean validChannel(String channel) {
        return channel != null && CHANNEL.matcher(channel).matches();
    }

    @Transactional(readOnly = true)
    public List<EndpointView> list() {
        Permission.CHANNELS.check();
        List<EndpointView> views = new ArrayList<>();
        for (var row : jdbc.sql("select channel, subscription_id from channel_endpoints order by channel")
                .query((rs, n) -> java.util.Map.entry(rs.getString(1), rs.getLong(2))).list()) {
            webhooks.find(row.getValue()).ifPresent(e -> views.add(view(row.getKey(), e)));
        }
        return views;
    }

    @Transactional(readOnly = true)
    public Optional<EndpointView> get(String channel) {
        Permission.CHANNELS.check();
        return webhookOf(channel).flatMap(webhooks::find).map(e -> view(channel, e));
    }

    /** The webhook serving {@code channel}, if one is set (no right asked: Klient itself sends through it). */
    @Transactional(readOnly = true)
    public Optional<Long> webhookOf(String channel) {
        return jdbc.sql("select subscription_id from channel_endpoints where channel = :c").param("c", channel)
                .query(Long.class).optional();
    }

    /** Sets the address of a channel's endpoint (a new one gets a new secret), from the version the editor saw. */
    @Transactional
    public EndpointView save(String channel, String url, Integer version) {
        Permission.CHANNELS.check();
        if (!CLICK_TO_CALL.equals(channel) && !validChannel(channel)) {
            throw KlientException.invalid("channels.channel.invalid");
        }
        String type = CLICK_TO_CALL.equals(channel) ? "call.requested" : "message.reply";
        String description = CLICK_TO_CALL.equals(channel) ? "Click-to-call" : "Replies: " + channel;
        Optional<OutboundWebhooks.Endpoint> existing = webhookOf(channel).flatMap(webhooks::find);
        OutboundWebhooks.Endpoint saved = webhooks.save(existing.map(OutboundWebhooks.Endpoint::id).orElse(null), url,
                type, description, existing.isPresent() ? (version == null ? existing.get().version() : version) : null);
        jdbc.sql("""
                insert into channel_endpoints (channel, subscription_id) values (:c, :s)
                on conflict (channel) do update set subscription_id = excluded.subscription_id, updated_at = now()""")
                .param("c", channel).param("s", saved.id()).update();
        return view(channel, saved);
    }

    @Transactional
    public void remove(String channel) {
        Permission.CHANNELS.check();
        Optional<Long> webhook = webhookOf(channel);
        if (webhook.isEmpty()) {
            throw KlientException.notFound("channels.endpoint.notFound");
        }
        jdbc.sql("delete from channel_endpoints where channel = :c").param("c", channel).update();
        if (webhooks.find(webhook.get()).isPresent()) {
            webhooks.delete(webhook.get());
        }
    }

    @Transactional
    public EndpointView rotateSecret(String channel) {
        Permission.CHANNELS.check();
        long webhook = webhookOf(channel).filter(id -> webhooks.find(id).isPresent())
                .orElseThrow(() -> KlientException.notFound("channels.endpoint.notFound"));
        return view(channel, webhooks.rotateSecret(webhook));
    }

    private static EndpointView view(String channel, OutboundWebhooks.Endpoint e) {
        return new EndpointView(channel, e.id(), e.url(), e.secret(), e.state(), e.version());
    }
}
