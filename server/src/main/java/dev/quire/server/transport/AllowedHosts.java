package dev.quire.server.transport;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names and addresses the server is reached by, the only ones accepted in a request's
 * {@code Host} header (any port): {@code localhost}, loopback addresses (127.0.0.0/8, ::1), the
 * addresses of this machine's interfaces (enumerated once, at start), the bound host and the hosts
 * of {@code --public-url}. A page on a DNS-rebinding domain (its own name resolved to this server)
 * sends its own name, which is none of these. IP literals are compared as addresses (so
 * {@code [::1]} and {@code [0:0:0:0:0:0:0:1]} are the same); nothing here resolves a name.
 * Immutable.
 */
final class AllowedHosts {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9a-f:.]+)\\]");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]+)(:\\d{1,5})?");

    private final Set<String> names;
    private final Set<InetAddress> addresses;

    private AllowedHosts(Set<String> names, Set<InetAddress> addresses) {
        this.names = Set.copyOf(names);
        this.addresses = Set.copyOf(addresses);
    }

    /** The hosts of a server bound to {@code bindHost} and reached by {@code publicUrls}. */
    static AllowedHosts discover(String bindHost, List<URI> publicUrls) {
        Set<String> names = new HashSet<>();
        Set<InetAddress> addresses = new HashSet<>();
        names.add("localhost");
        addHost(
                bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost,
                names,
                addresses);
        for (URI url : publicUrls) {
            addHost(url.getHost(), names, addresses);
        }
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                nic.inetAddresses().map(AllowedHosts::withoutScope).forEach(addresses::add);
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this machine's network interfaces: " + e.getMessage(), e);
        }
        return new AllowedHosts(names, addresses);
    }

    private static void addHost(String host, Set<String> names, Set<InetAddress> addresses) {
        String h = host.toLowerCase(Locale.ROOT);
        Optional<InetAddress> ip = literal(h);
        if (ip.isPresent()) {
            if (!ip.get().isAnyLocalAddress()) {
                addresses.add(ip.get());
            }
        } else {
            names.add(h);
        }
    }

    /** Whether a {@code Host} header value names this server. */
    boolean allows(String hostHeader) {
        Matcher m = HOST_PORT.matcher(hostHeader.strip());
        if (!m.matches()) {
            return false;
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        Optional<InetAddress> ip = literal(host);
        if (ip.isPresent()) {
            return ip.get().isLoopbackAddress() || addresses.contains(ip.get());
        }
        return names.contains(host);
    }

    /** An IPv4 literal or a bracketed IPv6 literal as an address, without any name lookup. */
    static Optional<InetAddress> literal(String host) {
        try {
            Matcher v4 = IPV4.matcher(host);
            if (v4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(v4.group(i + 1));
                    if (part > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) part;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            Matcher v6 = IPV6.matcher(host);
            if (v6.matches() && v6.group(1).contains(":")) {
                // A string with a colon is parsed as an IPv6 literal, never looked up.
                return Optional.of(withoutScope(InetAddress.getByName(v6.group(1))));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + address.getAddress().length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return "AllowedHosts[names=" + names + ", addresses=" + addresses + "]";
    }
}
