package app.klient.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PublicAddressesTests {

    private final PublicAddresses policy = new PublicAddresses(List.of());

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.1.2.3", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "0.0.0.0", "::", "100.64.0.1",
            "224.0.0.1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
            "192.0.0.8", "198.18.0.1" })
    void this_machine_and_its_networks_are_out_of_reach(String address) throws UnknownHostException {
        assertThat(policy.reachable(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "8.8.8.8", "172.32.0.1", "2a00:1450:4001:80b::200e",
            "::ffff:8.8.8.8" })
    void public_addresses_are_reachable(String address) throws UnknownHostException {
        assertThat(policy.reachable(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void an_allowed_network_is_reachable_and_nothing_beside_it() throws UnknownHostException {
        PublicAddresses allowing = new PublicAddresses(List.of("127.0.0.1/32", " 10.20.0.0/16 "));
        assertThat(allowing.reachable(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(allowing.reachable(InetAddress.getByName("10.20.3.4"))).isTrue();
        assertThat(allowing.reachable(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(allowing.reachable(InetAddress.getByName("10.21.0.1"))).isFalse();
    }

    /** A name with a public and a private address connects only to the public one; with only private ones, nowhere. */
    @Test
    void a_name_resolves_only_to_the_addresses_it_may_reach() throws UnknownHostException {
        DnsResolver dns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return switch (host) {
                    case "mixed.example" -> new InetAddress[] { InetAddress.getByName("10.0.0.5"),
                            InetAddress.getByName("93.184.215.14") };
                    default -> new InetAddress[] { InetAddress.getByName("169.254.169.254") };
                };
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        PublicAddresses resolving = new PublicAddresses(List.of(), dns);
        assertThat(resolving.resolve("mixed.example")).containsExactly(InetAddress.getByName("93.184.215.14"));
        assertThatThrownBy(() -> resolving.resolve("metadata.example"))
                .isInstanceOf(PublicAddresses.RefusedAddressException.class).hasMessageContaining("metadata.example");
        assertThatThrownBy(() -> policy.resolve("localhost")).isInstanceOf(PublicAddresses.RefusedAddressException.class);
    }
}
