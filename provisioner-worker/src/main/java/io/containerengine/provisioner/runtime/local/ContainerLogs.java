package io.containerengine.provisioner.runtime.local;

import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import io.containerengine.provisioner.runtime.LogLevels;
import io.containerengine.provisioner.runtime.LogLine;

/**
 * Logs of a deployment's replicas: the engine's multiplexed stdout/stderr frames with timestamps, merged by time
 * over the replicas (podman's timestamps have second precision: lines of one second keep each replica's order).
 */
class ContainerLogs {

    private static final Logger log = LoggerFactory.getLogger(ContainerLogs.class);
    private static final long TAIL_TIMEOUT_MS = 10_000;
    /** How often a follow asks for new lines. */
    private static final long POLL_MS = 500;

    private final DockerClient docker;

    ContainerLogs(DockerClient docker) {
        this.docker = docker;
    }

    List<LogLine> tail(List<Replica> replicas, int tail) {
        List<LogLine> all = new ArrayList<>();
        for (Replica r : replicas) {
            Collector collector = new Collector(r.name(), all::add);
            try {
                docker.logContainerCmd(r.containerId()).withStdOut(true).withStdErr(true).withTimestamps(true)
                        .withTail(tail).exec(collector).awaitCompletion(TAIL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.debug("logs of {} unavailable: {}", r.name(), e.toString()); // removed meanwhile
            }
        }
        all.sort(Comparator.comparing(LogLine::timestamp)); // stable: each replica's order is kept
        return all.size() <= tail ? all : new ArrayList<>(all.subList(all.size() - tail, all.size()));
    }

    /**
     * Sends the newest {@code tail} lines, then every new line of every replica, including replicas that appear
     * later, until the returned handle is closed.
     */
    Closeable follow(Supplier<List<Replica>> replicas, int tail, Consumer<LogLine> sink) {
        Follow follow = new Follow(replicas, sink);
        follow.start(tail);
        return follow;
    }

    /**
     * Follows by asking each replica for its lines since the last second seen, twice a second. Podman answers a
     * streaming ({@code follow=1}) logs request only once a line arrives, so such a stream cannot be closed while
     * the app is quiet; short requests leave nothing open. Lines of the last second already sent are skipped by
     * count (timestamps have second precision), so nothing is sent twice or lost.
     */
    private final class Follow implements Closeable {
        final Supplier<List<Replica>> replicas;
        final Consumer<LogLine> sink;
        /** Per container: the newest second seen and how many of its lines were sent. */
        final Map<String, long[]> cursors = new ConcurrentHashMap<>();
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "logs-follow");
            t.setDaemon(true);
            return t;
        });
        final long startSecond = Instant.now().getEpochSecond();
        volatile boolean closed;

        Follow(Supplier<List<Replica>> replicas, Consumer<LogLine> sink) {
            this.replicas = replicas;
            this.sink = sink;
        }

        void start(int tail) {
            List<Replica> now = replicas.get();
            List<LogLine> initial = tail(now, tail);
            Map<String, String> byName = new java.util.HashMap<>();
            now.forEach(r -> byName.put(r.name(), r.containerId()));
            for (Replica r : now) {
                cursors.put(r.containerId(), new long[] {startSecond, 0});
            }
            for (LogLine line : initial) {
                long[] cursor = cursors.get(byName.get(line.source()));
                if (cursor != null && line.timestamp().getEpochSecond() >= cursor[0]) {
                    if (line.timestamp().getEpochSecond() > cursor[0]) {
                        cursor[0] = line.timestamp().getEpochSecond();
                        cursor[1] = 0;
                    }
                    cursor[1]++;
                }
                sink.accept(line);
            }
            timer.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
        }

        private void poll() {
            try {
                for (Replica r : replicas.get()) {
                    if (closed) {
                        return;
                    }
                    long[] cursor = cursors.computeIfAbsent(r.containerId(), id -> new long[] {startSecond, 0});
                    List<LogLine> lines = new ArrayList<>();
                    docker.logContainerCmd(r.containerId()).withStdOut(true).withStdErr(true).withTimestamps(true)
                            .withSince((int) cursor[0]).exec(new Collector(r.name(), lines::add))
                            .awaitCompletion(TAIL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                    long skip = cursor[1];
                    for (LogLine line : lines) {
                        long second = line.timestamp().getEpochSecond();
                        if (second < cursor[0]) {
                            continue;
                        }
                        if (second == cursor[0] && skip > 0) {
                            skip--;
                            continue;
                        }
                        if (second > cursor[0]) {
                            cursor[0] = second;
                            cursor[1] = 0;
                            skip = 0;
                        }
                        cursor[1]++;
                        if (!closed) {
                            sink.accept(line);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.debug("log follow poll failed: {}", e.toString()); // a replica went away meanwhile
            }
        }

        @Override
        public void close() {
            closed = true;
            timer.shutdownNow();
        }
    }

    /** Turns frames into lines: {@code <RFC 3339 timestamp> <text>} per line. */
    private static class Collector extends ResultCallback.Adapter<Frame> {
        private final String source;
        private final Consumer<LogLine> sink;

        Collector(String source, Consumer<LogLine> sink) {
            this.source = source;
            this.sink = sink;
        }

        @Override
        public void onNext(Frame frame) {
            boolean stderr = frame.getStreamType() == StreamType.STDERR;
            String text = new String(frame.getPayload(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                sink.accept(parse(line, stderr, source));
            }
        }
    }

    static LogLine parse(String line, boolean stderr, String source) {
        int space = line.indexOf(' ');
        if (space > 0) {
            try {
                Instant at = Instant.parse(line.substring(0, space));
                String message = stripCr(line.substring(space + 1));
                return new LogLine(at, LogLevels.of(message, stderr), message, source);
            } catch (DateTimeParseException e) {
                // not timestamped
            }
        }
        String message = stripCr(line);
        return new LogLine(Instant.now(), LogLevels.of(message, stderr), message, source);
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
