package app.klient.platform;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Where a webhook may connect: the addresses a host name resolves to, without those of this machine and its
 * networks (loopback, link-local with the cloud metadata address, private, shared, unspecified, multicast) unless
 * the administrator allowed their network ({@code klient.webhooks.allowed-networks}). The HTTP client connects only
 * to the addresses this answers, so a name that resolves to a public address when checked and to a private one when
 * used (DNS rebinding) still cannot reach inside, and a redirect is not followed at all.
 */
public final class PublicAddresses implements DnsResolver {

    /** Networks a webhook never reaches unless allowed; IPv4-mapped IPv6 addresses are checked as IPv4. */
    private static final List<IpAddressMatcher> INTERNAL = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10",
            "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "224.0.0.0/3", "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96")
            .stream().map(IpAddressMatcher::new).toList();

    private final List<IpAddressMatcher> allowed;
    private final DnsResolver system;

    public PublicAddresses(List<String> allowedNetworks) {
        this(allowedNetworks, SystemDefaultDnsResolver.INSTANCE);
    }

    PublicAddresses(List<String> allowedNetworks, DnsResolver system) {
        this.allowed = allowedNetworks.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
        this.system = system;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] all = system.resolve(host);
        InetAddress[] reachable = Arrays.stream(all).filter(this::reachable).toArray(InetAddress[]::new);
        if (reachable.length == 0) {
            throw new RefusedAddressException(host);
        }
        return reachable;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }

    /** Whether a webhook may connect to {@code address}. */
    public boolean reachable(InetAddress address) {
        String text = comparable(address).getHostAddress();
        if (allowed.stream().anyMatch(m -> m.matches(text))) {
            return true;
        }
        return INTERNAL.stream().noneMatch(m -> m.matches(text));
    }

    /** Whether the administrator allowed {@code address} by name of its network (plain HTTP goes only there). */
    public boolean allowedExplicitly(InetAddress address) {
        String text = comparable(address).getHostAddress();
        return allowed.stream().anyMatch(m -> m.matches(text));
    }

    /** An IPv4 address carried in IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is. */
    private static InetAddress comparable(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                try {
                    return Inet4Address.getByAddress(Arrays.copyOfRange(b, 12, 16));
                }
                catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return address;
    }

    /** A host whose every address is one a webhook may not reach. */
    public static final class RefusedAddressException extends UnknownHostException {

        RefusedAddressException(String host) {
            super(host + " resolves only to addresses webhooks may not reach");
        }
    }
}
