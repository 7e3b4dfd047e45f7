package io.containerengine.provisioner.runtime.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.contracts.DeploymentDesiredState.HealthCheck;

/**
 * Probes every replica itself, as a kubelet would (podman runs no HEALTHCHECKs here). With a health check: an
 * HTTP GET of its path on the replica's published port, answered 200–399 within the timeout, from the initial
 * delay on, every period; the replica is ready after a passing probe, and {@code failure_threshold} failures in a
 * row make it unready and fail its liveness (the runtime restarts it). Without one: ready when the port accepts a
 * TCP connection; unready after three failed checks, never restarted for it.
 *
 * <p>Until a replica is first ready it is probed often (so a deploy is reported the moment it answers), but only
 * one failure per period counts towards the threshold.
 */
class ReplicaProber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaProber.class);
    private static final int TCP_FAILURE_THRESHOLD = 3;
    private static final Duration TCP_PERIOD = Duration.ofSeconds(2);
    private static final Duration TCP_STARTUP_INTERVAL = Duration.ofMillis(10);
    private static final Duration HTTP_STARTUP_INTERVAL = Duration.ofMillis(100);
    private static final Duration SLOW_START_AFTER = Duration.ofSeconds(3);
    private static final Duration SLOW_START_INTERVAL = Duration.ofMillis(250);

    /** Told about transitions; called on prober threads. */
    interface Listener {
        void readinessChanged(UUID deploymentId, String containerId);

        void livenessFailed(UUID deploymentId, String containerId, String reason);
    }

    /** What the prober knows of one replica. */
    record Status(boolean ready, boolean probed, boolean lastOk, Instant lastProbeAt, String lastError) {
        static final Status UNKNOWN = new Status(false, false, false, null, null);
    }

    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    ReplicaProber(Listener listener) {
        this.listener = listener;
        AtomicInteger n = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "replica-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
    }

    /**
     * Starts probing a replica (again): earlier probe state of the container is dropped.
     *
     * @param startedAt when the container (re)started: the initial delay counts from there
     */
    void watch(UUID deploymentId, String containerId, String host, int port, HealthCheck check, Instant startedAt) {
        Probe probe = new Probe(deploymentId, containerId, host, port, check == null || check.path() == null
                || check.path().isBlank() ? null : check);
        Probe previous = probes.put(containerId, probe);
        if (previous != null) {
            previous.cancel();
        }
        long initialDelayMs = probe.check == null ? 0 : Math.max(0, probe.check.initialDelaySeconds()) * 1000L;
        long elapsed = Duration.between(startedAt, Instant.now()).toMillis();
        probe.schedule(Math.max(0, initialDelayMs - elapsed));
    }

    void unwatch(String containerId) {
        Probe probe = probes.remove(containerId);
        if (probe != null) {
            probe.cancel();
        }
    }

    boolean watching(String containerId) {
        return probes.containsKey(containerId);
    }

    Status status(String containerId) {
        Probe probe = probes.get(containerId);
        return probe == null ? Status.UNKNOWN : probe.status();
    }

    @Override
    public void close() {
        probes.values().forEach(Probe::cancel);
        probes.clear();
        scheduler.shutdownNow();
    }

    private final class Probe {
        final UUID deploymentId;
        final String containerId;
        final String host;
        final int port;
        final HealthCheck check;
        final long periodNanos;
        final int threshold;
        final long timeoutMs;
        volatile boolean cancelled;
        volatile ScheduledFuture<?> next;
        // Written by one probe at a time (the next probe is scheduled only after the previous finished).
        volatile boolean ready;
        volatile boolean probed;
        volatile boolean lastOk;
        volatile Instant lastProbeAt;
        volatile String lastError;
        int consecutiveFailures;
        long lastCountedFailure = Long.MIN_VALUE;
        long firstProbe;

        Probe(UUID deploymentId, String containerId, String host, int port, HealthCheck check) {
            this.deploymentId = deploymentId;
            this.containerId = containerId;
            this.host = host;
            this.port = port;
            this.check = check;
            this.periodNanos = check == null ? TCP_PERIOD.toNanos()
                    : TimeUnit.SECONDS.toNanos(Math.max(1, check.periodSeconds()));
            this.threshold = check == null ? TCP_FAILURE_THRESHOLD : Math.max(1, check.failureThreshold());
            this.timeoutMs = check == null ? 1000 : Math.max(1, check.timeoutSeconds()) * 1000L;
        }

        Status status() {
            return new Status(ready, probed, lastOk, lastProbeAt, lastError);
        }

        void schedule(long delayMs) {
            if (cancelled) {
                return;
            }
            try {
                next = scheduler.schedule(this::run, delayMs, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                // shutting down
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> n = next;
            if (n != null) {
                n.cancel(false);
            }
        }

        void run() {
            if (cancelled) {
                return;
            }
            if (check == null) {
                boolean ok = acceptsTcp();
                finish(ok, ok ? null : "port " + port + " does not accept connections");
                return;
            }
            String path = check.path().startsWith("/") ? check.path() : "/" + check.path();
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                        .timeout(Duration.ofMillis(timeoutMs)).GET().build();
            } catch (IllegalArgumentException e) {
                finish(false, "health check path is not a valid URL path: " + check.path());
                return;
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error != null) {
                    finish(false, "health check GET " + path + " failed: " + readable(error));
                } else if (response.statusCode() >= 200 && response.statusCode() < 400) {
                    finish(true, null);
                } else {
                    finish(false, "health check GET " + path + " answered HTTP " + response.statusCode());
                }
            });
        }

        private boolean acceptsTcp() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeoutMs, 250));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private void finish(boolean ok, String error) {
            if (cancelled) {
                return;
            }
            long now = System.nanoTime();
            if (firstProbe == 0) {
                firstProbe = now;
            }
            lastProbeAt = Instant.now();
            probed = true;
            lastOk = ok;
            boolean readinessChanged = false;
            boolean livenessFailed = false;
            if (ok) {
                lastError = null;
                consecutiveFailures = 0;
                if (!ready) {
                    ready = true;
                    readinessChanged = true;
                }
            } else {
                lastError = error;
                // Fast start-up probes count one failure per period only.
                if (ready || lastCountedFailure == Long.MIN_VALUE || now - lastCountedFailure >= periodNanos) {
                    consecutiveFailures++;
                    lastCountedFailure = now;
                }
                if (consecutiveFailures >= threshold) {
                    if (ready) {
                        ready = false;
                        readinessChanged = true;
                    }
                    livenessFailed = check != null;
                }
            }
            if (readinessChanged) {
                listener.readinessChanged(deploymentId, containerId);
            }
            if (livenessFailed) {
                log.info("replica {} of deployment {} failed {} health checks in a row: {}", containerId,
                        deploymentId, consecutiveFailures, error);
                cancel(); // the runtime restarts the container and watches it again
                listener.livenessFailed(deploymentId, containerId, error);
                return;
            }
            // Eager while a replica starts; an app that takes longer than a few seconds gets fewer knocks.
            long delayNanos = ready ? periodNanos
                    : now - firstProbe > SLOW_START_AFTER.toNanos() ? SLOW_START_INTERVAL.toNanos()
                    : (check == null ? TCP_STARTUP_INTERVAL : HTTP_STARTUP_INTERVAL).toNanos();
            schedule(TimeUnit.NANOSECONDS.toMillis(Math.min(delayNanos, periodNanos)));
        }

        private static String readable(Throwable error) {
            Throwable cause = error;
            while (cause.getCause() != null && cause != cause.getCause()) {
                cause = cause.getCause();
            }
            if (cause instanceof java.net.http.HttpTimeoutException) {
                return "timed out";
            }
            if (cause instanceof java.net.ConnectException) {
                return "connection refused";
            }
            String message = cause.getMessage();
            return message == null ? cause.getClass().getSimpleName() : message;
        }
    }
}
