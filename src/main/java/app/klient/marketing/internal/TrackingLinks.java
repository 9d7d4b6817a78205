package app.klient.marketing.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import app.klient.platform.PublicUrl;
import org.springframework.stereotype.Component;

/**
 * The absolute links a marketing message carries: the open pixel, a tracked click, the unsubscribe page (also the
 * RFC 8058 one-click address) and the consent confirmation. All live under {@code /t/}, the public part of Klient
 * that needs no sign-in. A click link is signed together with the address it leads to, so Klient never redirects to
 * an address it did not put in a message (no open redirect).
 */
@Component
public class TrackingLinks {

    private final TrackingTokens tokens;
    private final PublicUrl url;

    TrackingLinks(TrackingTokens tokens, PublicUrl url) {
        this.tokens = tokens;
        this.url = url;
    }

    public String pixel(TrackingTokens.Ref ref) {
        return url.of("/t/o/" + tokens.token(ref) + ".gif");
    }

    public String click(TrackingTokens.Ref ref, String target) {
        String token = tokens.token(ref);
        return url.of("/t/c/" + token + "?u=" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "&s="
                + tokens.sign(token, target));
    }

    public String unsubscribe(TrackingTokens.Ref ref) {
        return url.of("/t/u/" + tokens.token(ref));
    }

    public String confirmation(TrackingTokens.Ref ref) {
        return url.of("/t/confirm/" + tokens.token(ref));
    }
}
