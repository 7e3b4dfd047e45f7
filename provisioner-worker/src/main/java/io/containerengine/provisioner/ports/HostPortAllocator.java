package io.containerengine.provisioner.ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Hands out host ports for published container ports. Podman must never be asked for a taken port: a clash fails
 * the new container and also drops the forwarding of the container that holds it. So a port is given out only
 * when no container of ours holds it (the set is loaded from the containers' bindings on startup and kept
 * up to date) and a bind on 127.0.0.1 shows nothing else listens on it.
 */
public class HostPortAllocator {

    private final int from;
    private final int to;
    private final IntPredicate isFree;
    private final Set<Integer> held = new HashSet<>();
    /** Round-robin start, so a just-released port is not handed out again right away. */
    private int cursor;

    public HostPortAllocator(int from, int to) {
        this(from, to, HostPortAllocator::canBindLoopback);
    }

    public HostPortAllocator(int from, int to, IntPredicate isFree) {
        if (from < 1 || to > 65535 || from > to) {
            throw new IllegalArgumentException("invalid host port range " + from + "-" + to);
        }
        this.from = from;
        this.to = to;
        this.isFree = isFree;
        this.cursor = from;
    }

    /** Parses {@code "41000-41999"}; ports are checked free on {@code bindAddress} (and loopback). */
    public static HostPortAllocator ofRange(String range, String bindAddress) {
        int[] bounds = parse(range);
        InetAddress address;
        try {
            address = InetAddress.getByName(bindAddress);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid bind address " + bindAddress, e);
        }
        return new HostPortAllocator(bounds[0], bounds[1],
                port -> canBind(address, port) && (address.isLoopbackAddress() || canBindLoopback(port)));
    }

    /** Parses {@code "41000-41999"}. */
    public static HostPortAllocator ofRange(String range) {
        int[] bounds = parse(range);
        return new HostPortAllocator(bounds[0], bounds[1]);
    }

    private static int[] parse(String range) {
        String[] parts = range.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("host port range must look like 41000-41999, got " + range);
        }
        return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    }

    /** A free port of the range, now held until {@link #release}. */
    public synchronized int allocate() {
        int size = to - from + 1;
        for (int i = 0; i < size; i++) {
            int port = from + Math.floorMod(cursor - from + i, size);
            if (!held.contains(port) && isFree.test(port)) {
                held.add(port);
                cursor = port + 1 > to ? from : port + 1;
                return port;
            }
        }
        throw new IllegalStateException("no free host port in " + from + "-" + to);
    }

    /** Marks a port as held by an existing container (whether or not it is in the range). */
    public synchronized void hold(int port) {
        held.add(port);
    }

    public synchronized void release(int port) {
        held.remove(port);
    }

    public synchronized boolean isHeld(int port) {
        return held.contains(port);
    }

    static boolean canBindLoopback(int port) {
        return canBind(InetAddress.getLoopbackAddress(), port);
    }

    static boolean canBind(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // No SO_REUSEADDR: a port in TIME_WAIT is also better left alone.
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
