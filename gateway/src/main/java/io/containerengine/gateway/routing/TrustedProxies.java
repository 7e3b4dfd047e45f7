package io.containerengine.gateway.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies in front of the gateway whose {@code X-Forwarded-*} headers are believed (an ingress controller on a
 * cluster), as CIDR blocks. Empty (the default) means the gateway is the edge and believes nobody. The client is
 * the first address, walking {@code X-Forwarded-For} from the right starting at the connection's peer, that is
 * not a trusted proxy: entries further left were written by the client itself and could be anything.
 */
public final class TrustedProxies {

    /** IPv4 dotted quad or an IPv6 literal: nothing that would make {@link InetAddress} look a name up. */
    private static final Pattern LITERAL = Pattern.compile("(\\d{1,3}(\\.\\d{1,3}){3})|([0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * @param cidrs e.g. {@code 10.0.0.0/8}, {@code fd00::/8}, or a single address
     * @throws IllegalArgumentException naming the entry that is not an address or CIDR block
     */
    public static TrustedProxies of(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : cidrs == null ? List.<String>of() : cidrs) {
            String cidr = raw.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            InetAddress network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("ce.gateway.forwarded.trusted-proxies: not an address: " + raw);
            }
            int bits = network.getAddress().length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("ce.gateway.forwarded.trusted-proxies: bad prefix length: " + raw);
            }
            blocks.add(new Block(network.getAddress(), prefix));
        }
        return new TrustedProxies(List.copyOf(blocks));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Block block : blocks) {
            if (block.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the connection's peer is a trusted proxy, so its other {@code X-Forwarded-*} values count too. */
    public boolean trustsPeer(InetAddress peer) {
        return !blocks.isEmpty() && trusts(peer);
    }

    /**
     * The client's address: the peer itself unless it is trusted; then the right-most {@code X-Forwarded-For} entry
     * that is not, or the left-most one if every entry is trusted. A malformed entry ends the walk at the last
     * address that could be read.
     */
    public String client(InetAddress peer, List<String> forwardedFor) {
        String client = peer.getHostAddress();
        if (!trustsPeer(peer) || forwardedFor == null) {
            return client;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String entry : header.split(",")) {
                hops.add(entry.trim());
            }
        }
        InetAddress current = peer;
        for (int i = hops.size() - 1; i >= 0 && trusts(current); i--) {
            InetAddress next = literal(hops.get(i));
            if (next == null) {
                break;
            }
            current = next;
            client = next.getHostAddress();
        }
        return client;
    }

    /** Parses an address literal (IPv6 possibly in brackets) without any name lookup; null if it is none. */
    static InetAddress literal(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 45 || !LITERAL.matcher(s).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
