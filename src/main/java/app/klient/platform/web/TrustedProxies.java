package app.klient.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.catalina.util.NetMask;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The client's address is the peer's, unless the peer is a proxy the administrator lists in
 * {@code KLIENT_TRUSTED_PROXIES} (addresses or CIDR ranges, comma-separated): only then are its
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto} believed. Tomcat's RemoteIpValve applies this before anything
 * else sees the request, so the request's remote address is the one source the sign-in limit, the web-form limit and
 * the audit log read. Spring Boot's own default would trust every private and loopback peer, and with it any client
 * that can reach Klient without passing a proxy could name whatever address it likes.
 */
@Component
public class TrustedProxies implements WebServerFactoryCustomizer<TomcatWebServerFactory>, Ordered {

    private final String ranges;

    public TrustedProxies(@Value("${klient.trusted-proxies:}") String listed) {
        this.ranges = ranges(listed);
    }

    @Override
    public void customize(TomcatWebServerFactory factory) {
        RemoteIpValve valve = factory.getEngineValves().stream().filter(RemoteIpValve.class::isInstance)
                .map(RemoteIpValve.class::cast).findFirst().orElse(null);
        if (valve == null) {
            if (ranges.isEmpty()) {
                return;
            }
            valve = new RemoteIpValve();
            factory.addEngineValves(valve);
        }
        configure(valve);
    }

    /** Trusts exactly the listed proxies; an empty list trusts nobody (Tomcat reads an empty value as none). */
    public void configure(RemoteIpValve valve) {
        valve.setInternalProxies(ranges);
        valve.setTrustedProxies(null);
        // a listed proxy that terminates TLS says so in X-Forwarded-Proto: the request is then secure (HSTS, the
        // session cookie's Secure flag); from anybody else the header means nothing
        if (valve.getProtocolHeader() == null) {
            valve.setProtocolHeader("X-Forwarded-Proto");
        }
    }

    /** After Spring Boot's customizer, which adds the valve with its own defaults. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * Each entry as a CIDR range (a lone address becomes /32 or /128): Tomcat reads a value without a slash as a
     * regular expression, in which {@code 10.0.0.5} would match more than it says.
     */
    static String ranges(String listed) {
        if (listed == null || listed.isBlank()) {
            return "";
        }
        List<String> ranges = new ArrayList<>();
        for (String entry : listed.split("[,\\s]+")) {
            String range = entry.strip().toLowerCase(Locale.ROOT);
            if (range.isEmpty()) {
                continue;
            }
            // checked here rather than by InetAddress, which would look up anything it cannot read as a name
            boolean ipv4 = range.matches("((25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])"
                    + "(/[0-9]{1,2})?");
            boolean ipv6 = range.contains(":") && range.matches("[0-9a-f:.]+(/[0-9]{1,3})?");
            if (!ipv4 && !ipv6) {
                throw new IllegalArgumentException("KLIENT_TRUSTED_PROXIES: \"" + entry
                        + "\" is not an IP address or CIDR range (host names are not accepted)");
            }
            if (!range.contains("/")) {
                range += range.contains(":") ? "/128" : "/32";
            }
            try {
                new NetMask(range);
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("KLIENT_TRUSTED_PROXIES: \"" + entry
                        + "\" is not an IP address or CIDR range", e);
            }
            ranges.add(range);
        }
        return String.join(",", ranges);
    }
}
