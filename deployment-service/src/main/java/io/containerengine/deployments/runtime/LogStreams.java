package io.containerengine.deployments.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.containerengine.deployments.config.ProvisionerProperties;
import io.containerengine.deployments.web.ServiceUnavailableException;

/**
 * Threads that copy followed log streams from the provisioner to clients (HTTP NDJSON or WebSocket). Blocking
 * reads need a thread each; the pool is bounded so that followers cannot exhaust the service.
 */
@Component
public class LogStreams implements DisposableBean {

    /** Receives each log line of a stream; throwing IOException (the client is gone) ends the stream. */
    @FunctionalInterface
    public interface LineSink {
        void accept(LogLine line) throws IOException;
    }

    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-stream-timer");
        t.setDaemon(true);
        return t;
    });

    public LogStreams(ProvisionerProperties properties) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, properties.maxLogStreams(), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "log-stream-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Copies {@code upstream} line by line to {@code sink} on a pool thread, then runs {@code onEnd} (whether the
     * upstream ended, failed, or the sink refused). Closes {@code upstream} itself when refused.
     */
    public void pump(InputStream upstream, LineSink sink, Runnable onEnd) {
        try {
            pool.execute(() -> {
                try (var reader = new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8))) {
                    String raw;
                    while ((raw = reader.readLine()) != null) {
                        LogLine line = ProvisionerClient.parseLine(raw);
                        if (line != null) {
                            sink.accept(line);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // upstream closed (client left, timeout) or the client write failed: the stream is over
                } finally {
                    ProvisionerClient.closeQuietly(upstream);
                    onEnd.run();
                }
            });
        } catch (RejectedExecutionException e) {
            ProvisionerClient.closeQuietly(upstream);
            throw new ServiceUnavailableException("Too many log streams, try again later");
        }
    }

    /** Runs {@code action} once after {@code delay} (cut a follower that stays too long); cancel it when done. */
    public ScheduledFuture<?> after(Duration delay, Runnable action) {
        return timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        pool.shutdownNow();
    }
}
