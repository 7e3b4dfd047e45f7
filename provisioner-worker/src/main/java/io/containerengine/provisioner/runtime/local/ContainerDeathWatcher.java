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
 * {@code since} set just before the break, so deaths during the gap are replayed.
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
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docker-events-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;
    private volatile Closeable stream;
    private long backoffMs = 100;

    public ContainerDeathWatcher(DockerClient docker, DeathHandler handler) {
        this.docker = docker;
        this.handler = handler;
    }

    public void start() {
        connect(null);
    }

    private synchronized void connect(String since) {
        if (stopped) {
            return;
        }
        try {
            // Podman 4.3 matches the action "died" where Docker says "die": ask for both, the filter is an OR.
            var cmd = docker.eventsCmd().withEventTypeFilter(EventType.CONTAINER).withEventFilter("die", "died");
            if (since != null) {
                cmd.withSince(since);
            }
            stream = cmd.exec(new Callback());
        } catch (RuntimeException e) {
            scheduleReconnect(e);
        }
    }

    private void scheduleReconnect(Throwable cause) {
        if (stopped) {
            return;
        }
        long delay;
        synchronized (this) {
            delay = backoffMs;
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        String since = Long.toString(Instant.now().getEpochSecond() - 1);
        log.warn("docker events stream broke ({}); reconnecting in {} ms", cause == null ? "closed" : cause.toString(),
                delay);
        reconnects.schedule(() -> connect(since), delay, TimeUnit.MILLISECONDS);
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

        @Override
        public void onError(Throwable throwable) {
            closeQuietly(this);
            scheduleReconnect(throwable);
        }

        @Override
        public void onComplete() {
            closeQuietly(this);
            scheduleReconnect(null);
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
