package app.klient.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whose X-Forwarded-For is believed: Tomcat's valve as Klient configures it, fed requests from chosen peers. */
class TrustedProxiesTests {

    @Test
    void with_no_trusted_proxy_the_peer_is_the_client_whatever_the_header_says() {
        assertThat(client("", "127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
        assertThat(client("", "10.1.2.3", "203.0.113.9")).isEqualTo("10.1.2.3");
        assertThat(client("", "192.168.0.7", "203.0.113.9")).isEqualTo("192.168.0.7");
        assertThat(client("", "0:0:0:0:0:0:0:1", "203.0.113.9")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(client(null, "172.16.0.1", "203.0.113.9")).isEqualTo("172.16.0.1");
    }

    @Test
    void a_listed_proxy_is_believed_and_an_unlisted_one_is_not() {
        assertThat(client("127.0.0.1", "127.0.0.1", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.0.0.5", "10.0.0.5", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.0.0.5", "10.0.0.6", "203.0.113.9")).isEqualTo("10.0.0.6");
        assertThat(client("10.0.0.0/8, 192.168.1.1", "10.200.3.4", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.0.0.0/8, 192.168.1.1", "192.168.1.2", "203.0.113.9")).isEqualTo("192.168.1.2");
        assertThat(client("::1", "0:0:0:0:0:0:0:1", "2001:db8::7")).isEqualTo("2001:db8::7");
    }

    @Test
    void addresses_a_client_puts_before_the_proxys_entry_are_not_believed() {
        // the proxy appends the peer it saw; whatever the client sent before that is the client's own claim
        assertThat(client("10.0.0.5", "10.0.0.5", "198.51.100.1, 203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(client("10.0.0.0/24", "10.0.0.5", "198.51.100.1, 10.0.0.9")).isEqualTo("198.51.100.1");
    }

    @ParameterizedTest
    @ValueSource(strings = { "10.0.0.300", "proxy.example.com", "10.0.0.0/33", "10.0.0", "*", "10.0.0.1-10.0.0.9" })
    void an_entry_that_is_no_address_or_range_stops_the_start_and_is_named(String entry) {
        assertThatThrownBy(() -> new TrustedProxies("127.0.0.1, " + entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(entry);
    }

    private static String client(String trusted, String peer, String forwardedFor) {
        RemoteIpValve valve = new RemoteIpValve();
        new TrustedProxies(trusted).configure(valve);
        String[] seen = new String[1];
        valve.setNext(new ValveBase() {

            @Override
            public void invoke(Request request, Response response) {
                seen[0] = request.getRemoteAddr();
            }
        });
        Request request = new Request(new Connector(), new org.apache.coyote.Request());
        request.setRemoteAddr(peer);
        request.setRemoteHost(peer);
        request.getCoyoteRequest().getMimeHeaders().addValue("X-Forwarded-For").setString(forwardedFor);
        try {
            valve.invoke(request, null);
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return seen[0];
    }
}
