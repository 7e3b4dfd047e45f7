package io.containerengine.notifications.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.containerengine.common.net.Cidr;

/**
 * Keeps user-supplied webhook URLs away from the platform's own network: only http/https, and every address the
 * host resolves to must be public (not loopback, link-local, private, CGNAT, multicast, reserved or a cloud
 * metadata address). Checked when the endpoint is created and again on every connection (the checked address
 * is the one connected to), so a name that later resolves elsewhere (DNS rebinding) is refused too.
 * <p>
 * The allow-list ({@code ce.webhooks.allowed-hosts}) admits host names (exact) and IPs/CIDRs for local
 * development and tests. Metadata addresses are never admitted.
 */
public final class SsrfGuard {

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static final HostResolver SYSTEM_DNS = InetAddress::getAllByName;

    /** Why a URL or an address was refused; the message is safe to show to the endpoint's owner. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private static final List<Cidr> BLOCKED = cidrs(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::/96", "100::/64", "2001::/32", "2001:db8::/32", "fc00::/7", "fe80::/10",
            "fec0::/10", "ff00::/8");
    private static final List<Cidr> METADATA = cidrs("169.254.169.254/32", "fd00:ec2::254/128",
            "100.100.100.200/32");

    private final HostResolver resolver;
    private final Set<String> allowedHosts;
    private final List<Cidr> allowedNetworks;

    public SsrfGuard(List<String> allowList, HostResolver resolver) {
        this.resolver = resolver;
        List<Cidr> networks = new ArrayList<>();
        this.allowedHosts = allowList.stream()
                .map(entry -> entry.trim().toLowerCase(Locale.ROOT))
                .filter(entry -> !entry.isEmpty())
                .filter(entry -> {
                    Cidr cidr = Cidr.tryParse(entry);
                    if (cidr != null) {
                        networks.add(cidr);
                        return false;
                    }
                    return true;
                })
                .collect(Collectors.toUnmodifiableSet());
        this.allowedNetworks = List.copyOf(networks);
    }

    /** Syntax and scheme only (no DNS): what a URL must look like to be stored at all. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedException("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("url must use http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new RefusedException("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("url must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedException("url must not contain a fragment");
        }
        return uri;
    }

    /** Parses, resolves and checks every address: the create-time check. */
    public URI check(String url) {
        URI uri = parse(url);
        resolveAllowed(hostOf(uri));
        return uri;
    }

    /**
     * Resolves {@code host} and returns its addresses if every one of them is acceptable.
     *
     * @throws RefusedException if one is not, or the host does not resolve
     */
    public List<InetAddress> resolveAllowed(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            throw new RefusedException("url host cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            throw new RefusedException("url host cannot be resolved");
        }
        boolean hostAllowed = allowedHosts.contains(name);
        for (InetAddress address : addresses) {
            if (!isAcceptable(address, hostAllowed)) {
                throw new RefusedException(
                        "url resolves to a loopback, private, link-local or otherwise non-public address");
            }
        }
        return Arrays.asList(addresses);
    }

    private boolean isAcceptable(InetAddress address, boolean hostAllowed) {
        if (matches(METADATA, address)) {
            return false;
        }
        if (hostAllowed || matches(allowedNetworks, address)) {
            return true;
        }
        return isPublic(address);
    }

    /** True for globally routable unicast addresses (embedded IPv4 in IPv6 forms checked as IPv4). */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        if (matches(BLOCKED, address) || matches(METADATA, address)) {
            return false;
        }
        if (address instanceof Inet6Address v6) {
            InetAddress embedded = embeddedIpv4(v6.getAddress());
            return embedded == null || isPublic(embedded);
        }
        return true;
    }

    /** The IPv4 address inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses. */
    private static InetAddress embeddedIpv4(byte[] v6) {
        byte[] v4 = null;
        if (v6[0] == 0x00 && v6[1] == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b) {
            v4 = Arrays.copyOfRange(v6, 12, 16);
        } else if (v6[0] == 0x20 && v6[1] == 0x02) {
            v4 = Arrays.copyOfRange(v6, 2, 6);
        }
        try {
            return v4 == null ? null : InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The URI's host without IPv6 brackets. */
    static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean matches(List<Cidr> networks, InetAddress address) {
        for (Cidr cidr : networks) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<Cidr> cidrs(String... specs) {
        return Arrays.stream(specs).map(Cidr::tryParse).toList();
    }
}
