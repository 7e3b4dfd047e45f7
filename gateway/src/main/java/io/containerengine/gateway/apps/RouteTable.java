package io.containerengine.gateway.apps;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * In-memory app routes: host → the endpoints ({@code host:port}) of the app's ready replicas. A deployment
 * answers on its {@code <app>.<DOMAIN_SUFFIX>} host and on each of its verified custom domains, all with the same
 * endpoints; every update gives the deployment's whole set of hosts, which replaces the previous one. Fed by the
 * deployment events and by a startup snapshot; read on every app request (lock-free), written rarely
 * (under this object's lock).
 *
 * <p>The snapshot is read from deployment-service while events keep arriving, so an entry touched by an event
 * after the snapshot was requested is newer than the snapshot's view of it and is left alone; every other
 * entry takes the snapshot's word, including removal when the snapshot no longer lists it.
 */
public class RouteTable {

    private final Map<String, App> byHost = new ConcurrentHashMap<>();
    /** The hosts each deployment answers on (normalised). Guarded by this. */
    private final Map<UUID, Set<String>> hostsByDeployment = new HashMap<>();
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

    /** A route as the snapshot lists it: one per host (the app host and each custom domain). */
    public record Snapshot(UUID deploymentId, String host, List<String> endpoints) {
    }

    public @Nullable App lookup(String host) {
        return byHost.get(host);
    }

    public int size() {
        return byHost.size();
    }

    /** The app of {@code deploymentId} answers on {@code host} only, at {@code endpoints} (empty: known, not running). */
    public synchronized void put(UUID deploymentId, String host, List<String> endpoints) {
        put(deploymentId, host, List.of(), endpoints);
    }

    /**
     * The app of {@code deploymentId} answers on {@code host} and on {@code customDomains} (replacing whatever
     * hosts it had before: a domain no longer listed stops routing) at {@code endpoints}.
     */
    public synchronized void put(UUID deploymentId, String host, Collection<String> customDomains,
            List<String> endpoints) {
        touch(deploymentId);
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add(normalize(host));
        for (String domain : customDomains) {
            if (domain != null && !domain.isBlank()) {
                hosts.add(normalize(domain));
            }
        }
        putLocked(deploymentId, hosts, endpoints);
    }

    /** The deployment is gone; its hosts no longer route (unless another deployment owns one by now). */
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
        // one entry per host: gather each deployment's hosts (its endpoints are the same on every entry)
        Map<UUID, Set<String>> hosts = new LinkedHashMap<>();
        Map<UUID, List<String>> endpoints = new HashMap<>();
        for (Snapshot route : routes) {
            hosts.computeIfAbsent(route.deploymentId(), id -> new LinkedHashSet<>()).add(normalize(route.host()));
            endpoints.putIfAbsent(route.deploymentId(), route.endpoints());
        }
        hosts.forEach((id, names) -> {
            if (!touched.contains(id)) {
                putLocked(id, names, endpoints.get(id));
            }
        });
        for (UUID id : Set.copyOf(hostsByDeployment.keySet())) {
            if (!hosts.containsKey(id) && !touched.contains(id)) {
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

    private void putLocked(UUID deploymentId, Set<String> hosts, List<String> endpoints) {
        Set<String> previous = hostsByDeployment.put(deploymentId, Set.copyOf(hosts));
        if (previous != null) {
            for (String gone : previous) {
                if (!hosts.contains(gone)) {
                    releaseLocked(deploymentId, gone);
                }
            }
        }
        for (String host : hosts) {
            App current = byHost.get(host);
            if (current != null && current.deploymentId().equals(deploymentId)
                    && current.endpoints().equals(endpoints)) {
                continue; // unchanged: keep the round-robin cursor
            }
            byHost.put(host, new App(deploymentId, host, endpoints));
        }
    }

    private void removeLocked(UUID deploymentId) {
        Set<String> hosts = hostsByDeployment.remove(deploymentId);
        if (hosts != null) {
            hosts.forEach(host -> releaseLocked(deploymentId, host));
        }
    }

    /** Drops the host's route if it still belongs to this deployment (another may have taken the name since). */
    private void releaseLocked(UUID deploymentId, String host) {
        byHost.computeIfPresent(host, (h, app) -> app.deploymentId().equals(deploymentId) ? null : app);
    }

    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
