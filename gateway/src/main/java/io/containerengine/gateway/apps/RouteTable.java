package io.containerengine.gateway.apps;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * In-memory app routes: host → the endpoints ({@code host:port}) of the app's ready replicas. Fed by the
 * deployment events and by a startup snapshot; read on every app request (lock-free), written rarely
 * (under this object's lock).
 *
 * <p>The snapshot is read from deployment-service while events keep arriving, so an entry touched by an event
 * after the snapshot was requested is newer than the snapshot's view of it and is left alone; every other
 * entry takes the snapshot's word, including removal when the snapshot no longer lists it.
 */
public class RouteTable {

    private final Map<String, App> byHost = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final Map<UUID, String> hostByDeployment = new HashMap<>();
    /** Deployments touched by events since the running snapshot was requested; null when none runs. */
    private @Nullable Set<UUID> touchedDuringSnapshot;

    /** One app: where it answers, and a round-robin cursor over its endpoints. */
    public static final class App {
        private final UUID deploymentId;
        private final String host;
        private final List<String> endpoints;
        private final AtomicInteger cursor = new AtomicInteger();

        App(UUID deploymentId, String host, List<String> endpoints) {
            this.deploymentId = deploymentId;
            this.host = host;
            this.endpoints = List.copyOf(endpoints);
        }

        public UUID deploymentId() {
            return deploymentId;
        }

        public String host() {
            return host;
        }

        public List<String> endpoints() {
            return endpoints;
        }

        /** The next endpoint in turn, or null when the app has none (not running). */
        public @Nullable String nextEndpoint() {
            int size = endpoints.size();
            if (size == 0) {
                return null;
            }
            return size == 1 ? endpoints.get(0) : endpoints.get(Math.floorMod(cursor.getAndIncrement(), size));
        }
    }

    /** A route as the snapshot lists it. */
    public record Snapshot(UUID deploymentId, String host, List<String> endpoints) {
    }

    public @Nullable App lookup(String host) {
        return byHost.get(host);
    }

    public int size() {
        return byHost.size();
    }

    /** The app of {@code deploymentId} answers on {@code host} at {@code endpoints} (empty: known, not running). */
    public synchronized void put(UUID deploymentId, String host, List<String> endpoints) {
        touch(deploymentId);
        putLocked(deploymentId, host, endpoints);
    }

    /** The deployment is gone; its host no longer routes (unless another deployment owns it by now). */
    public synchronized void remove(UUID deploymentId) {
        touch(deploymentId);
        removeLocked(deploymentId);
    }

    /** Starts a snapshot; hand the returned marker to {@link #applySnapshot}. */
    public synchronized Object beginSnapshot() {
        Set<UUID> marker = new HashSet<>();
        touchedDuringSnapshot = marker;
        return marker;
    }

    /** Applies a snapshot begun with {@link #beginSnapshot}; ignored if a later snapshot has begun since. */
    public synchronized boolean applySnapshot(Object marker, List<Snapshot> routes) {
        if (marker != touchedDuringSnapshot) {
            return false;
        }
        Set<UUID> touched = touchedDuringSnapshot;
        touchedDuringSnapshot = null;
        Set<UUID> listed = new HashSet<>();
        for (Snapshot route : routes) {
            listed.add(route.deploymentId());
            if (!touched.contains(route.deploymentId())) {
                putLocked(route.deploymentId(), route.host(), route.endpoints());
            }
        }
        for (UUID id : Set.copyOf(hostByDeployment.keySet())) {
            if (!listed.contains(id) && !touched.contains(id)) {
                removeLocked(id);
            }
        }
        return true;
    }

    private void touch(UUID deploymentId) {
        if (touchedDuringSnapshot != null) {
            touchedDuringSnapshot.add(deploymentId);
        }
    }

    private void putLocked(UUID deploymentId, String host, List<String> endpoints) {
        String normalized = normalize(host);
        String previous = hostByDeployment.put(deploymentId, normalized);
        if (previous != null && !previous.equals(normalized)) {
            byHost.computeIfPresent(previous, (h, app) -> app.deploymentId().equals(deploymentId) ? null : app);
        }
        App current = byHost.get(normalized);
        if (current != null && current.deploymentId().equals(deploymentId) && current.endpoints().equals(endpoints)) {
            return; // unchanged: keep the round-robin cursor
        }
        byHost.put(normalized, new App(deploymentId, normalized, endpoints));
    }

    private void removeLocked(UUID deploymentId) {
        String host = hostByDeployment.remove(deploymentId);
        if (host != null) {
            byHost.computeIfPresent(host, (h, app) -> app.deploymentId().equals(deploymentId) ? null : app);
        }
    }

    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
