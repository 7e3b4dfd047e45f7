package io.containerengine.gateway.routing;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import io.containerengine.common.net.Cidr;

/**
 * The proxies in front of the gateway whose {@code X-Forwarded-*} headers are believed (an ingress controller on a
 * cluster), as CIDR blocks. Empty (the default) means the gateway is the edge and believes nobody. The client is
 * the first address, walking {@code X-Forwarded-For} from the right starting at the connection's peer, that is
 * not a trusted proxy: entries further left were written by the client itself and could be anything.
 */
public final class TrustedProxies {

    private final List<Cidr> blocks;

    private TrustedProxies(List<Cidr> blocks) {
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
        List<Cidr> blocks = new ArrayList<>();
        for (String raw : cidrs == null ? List.<String>of() : cidrs) {
            String cidr = raw.trim();
            if (cidr.isEmpty()) {
                continue;
            }
            Cidr block = Cidr.tryParse(cidr);
            if (block == null) {
                throw new IllegalArgumentException(
                        "ce.gateway.forwarded.trusted-proxies: not an address or CIDR block: " + raw);
            }
            blocks.add(block);
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
        for (Cidr block : blocks) {
            if (block.contains(address)) {
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
            InetAddress next = Cidr.literal(hops.get(i));
            if (next == null) {
                break;
            }
            current = next;
            client = next.getHostAddress();
        }
        return client;
    }
}
