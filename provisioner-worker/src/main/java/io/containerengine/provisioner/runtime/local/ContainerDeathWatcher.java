package io.containerengine.provisioner.runtime.local;

import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;

/**
 * Follows the Docker events stream for container deaths of our containers, so a crash is reported as it happens
 * rather than found by polling. The stream breaks whenever the podman service restarts: it is reopened with
 * {@code since} set just before the break, so deaths during the gap are replayed, and {@code onReconnect} is told
 * so that everything is reconciled (nothing is lost even if the engine does not replay).
 */
public class ContainerDeathWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerDeathWatcher.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    /** Receives one death: deployment, container id, the container's labels. */
    @FunctionalInterface
    public interface DeathHandler {
        void onDeath(UUID deploymentId, String containerId, Map<String, String> labels);
    }

    private final DockerClient docker;
    private final DeathHandler handler;
    private final Runnable onReconnect;
    /** Set once the stream broke; the next successful connect is a reconnection. */
    private boolean broken;
    /** Epoch second just before the first break, replayed from on reconnection. */
    private String brokenSince;
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docker-events-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;
    private volatile Closeable stream;
    private long backoffMs = 100;

    public ContainerDeathWatcher(DockerClient docker, DeathHandler handler) {
        this(docker, handler, () -> {
        });
    }

    public ContainerDeathWatcher(DockerClient docker, DeathHandler handler, Runnable onReconnect) {
        this.docker = docker;
        this.handler = handler;
        this.onReconnect = onReconnect;
    }

    public void start() {
        connect(null);
    }

    private void connect(String since) {
        boolean reconnected;
        synchronized (this) {
            if (stopped) {
                return;
            }
            try {
                if (broken) {
                    // Podman sends the events response only with the first event: a ping tells that it is back.
                    docker.pingCmd().exec();
                }
                // Podman 4.3 matches the action "died" where Docker says "die": ask for both, the filter is an OR.
                var cmd = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die", "died");
                if (since != null) {
                    cmd.withSince(since);
                }
                stream = cmd.exec(new Callback());
            } catch (RuntimeException e) {
                scheduleReconnect(e);
                return;
            }
            reconnected = broken;
            broken = false;
            backoffMs = 100;
            brokenSince = null;
        }
        if (reconnected) {
            log.info("docker events stream reconnected");
            try {
                onReconnect.run();
            } catch (RuntimeException e) {
                log.warn("reconciling after reconnect failed", e);
            }
        }
    }

    private void scheduleReconnect(Throwable cause) {
        long delay;
        String since;
        synchronized (this) {
            if (stopped) {
                return;
            }
            broken = true;
            if (brokenSince == null) {
                // replay from just before the first break, however many attempts it takes
                brokenSince = Long.toString(Instant.now().getEpochSecond() - 1);
            }
            since = brokenSince;
            delay = backoffMs;
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        log.warn("docker events stream broke ({}); reconnecting in {} ms", cause == null ? "closed" : cause.toString(),
                delay);
        try {
            reconnects.schedule(() -> connect(since), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // shutting down
        }
    }

    private class Callback extends ResultCallback.Adapter<Event> {

        @Override
        public void onStart(Closeable closeable) {
            super.onStart(closeable);
            synchronized (ContainerDeathWatcher.this) {
                backoffMs = 100;
            }
        }

        @Override
        public void onNext(Event event) {
            if (event.getActor() == null || event.getActor().getAttributes() == null) {
                return;
            }
            Map<String, String> labels = event.getActor().getAttributes();
            String deploymentId = labels.get(Labels.DEPLOYMENT_ID);
            if (deploymentId == null) {
                return; // not one of ours
            }
            try {
                handler.onDeath(UUID.fromString(deploymentId), event.getActor().getId(), labels);
            } catch (RuntimeException e) {
                log.warn("handling death of container {} failed", event.getActor().getId(), e);
            }
        }

        /** docker-java may report both an error and the completion of one stream: reconnect once. */
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public void onError(Throwable throwable) {
            if (ended.compareAndSet(false, true)) {
                closeQuietly(this);
                scheduleReconnect(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (ended.compareAndSet(false, true)) {
                closeQuietly(this);
                scheduleReconnect(null);
            }
        }
    }

    private static void closeQuietly(ResultCallback.Adapter<?> callback) {
        try {
            callback.close();
        } catch (IOException | RuntimeException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        stopped = true;
        reconnects.shutdownNow();
        Closeable current = stream;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | RuntimeException ignored) {
                // shutting down
            }
        }
    }
}
