package io.containerengine.provisioner.runtime.kubernetes;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.containerengine.provisioner.runtime.LogLevels;
import io.containerengine.provisioner.runtime.LogLine;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;

/**
 * Logs of a deployment's pods through the API server ({@code pods/log} with timestamps): the newest lines of all
 * pods merged by time, and follow streams ({@code watchLog}) that pick up pods as they start.
 */
final class PodLogs {

    private static final Logger log = LoggerFactory.getLogger(PodLogs.class);

    private final KubernetesClient client;

    PodLogs(KubernetesClient client) {
        this.client = client;
    }

    List<LogLine> tail(List<Pod> pods, int tail) {
        if (tail <= 0) {
            return List.of();
        }
        List<LogLine> lines = new ArrayList<>();
        for (Pod pod : pods) {
            if (!started(pod)) {
                continue;
            }
            try {
                String text = client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).inContainer(Names.CONTAINER)
                        .usingTimestamps().tailingLines(tail).getLog();
                if (text != null) {
                    text.lines().map(l -> parse(l, pod.getMetadata().getName())).filter(l -> l != null)
                            .forEach(lines::add);
                }
            } catch (RuntimeException e) {
                log.debug("logs of pod {} unavailable: {}", pod.getMetadata().getName(), e.getMessage());
            }
        }
        lines.sort(Comparator.comparing(LogLine::timestamp));
        return List.copyOf(lines.subList(Math.max(0, lines.size() - tail), lines.size()));
    }

    /** A container that has run (or runs): only then does the API server have logs for it. */
    static boolean started(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return false;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (Names.CONTAINER.equals(cs.getName()) && cs.getState() != null
                    && (cs.getState().getRunning() != null || cs.getState().getTerminated() != null
                            || cs.getLastState() != null && cs.getLastState().getTerminated() != null)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 2025-01-01T00:00:00.123456789Z message}, as the API server writes it with timestamps. */
    static LogLine parse(String line, String source) {
        if (line.isEmpty()) {
            return null;
        }
        int space = line.indexOf(' ');
        String stamp = space < 0 ? line : line.substring(0, space);
        String message = space < 0 ? "" : line.substring(space + 1);
        try {
            // The pod log API merges stdout and stderr: only a level the line states is known.
            return new LogLine(Instant.parse(stamp), LogLevels.of(message, false), message, source);
        } catch (DateTimeParseException e) {
            return new LogLine(Instant.now(), LogLevels.of(line, false), line, source);
        }
    }

    /** Follows all pods of one deployment until closed; told about pod changes to follow new ones. */
    final class Follow implements Closeable {

        private final Consumer<LogLine> sink;
        private final Instant startedAt;
        /** Newest line already sent per pod: a (re)started watch skips up to it. */
        private final Map<String, Instant> lastSent = new HashMap<>();
        /** Pods that existed when following began: their older lines were the tail's business. */
        private final Map<String, Boolean> initial = new HashMap<>();
        private final Map<String, LogWatch> watches = new ConcurrentHashMap<>();
        private volatile boolean closed;

        Follow(Consumer<LogLine> sink) {
            this.sink = sink;
            this.startedAt = Instant.now();
        }

        void start(List<Pod> pods, int tail) {
            List<LogLine> first = tail(pods, tail);
            synchronized (this) {
                for (Pod p : pods) {
                    initial.put(p.getMetadata().getName(), true);
                }
                for (LogLine l : first) {
                    lastSent.merge(l.source(), l.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
                    sink.accept(l);
                }
            }
            pods.forEach(this::podChanged);
        }

        /** A pod of the deployment was added or changed: follow it once its container has started. */
        void podChanged(Pod pod) {
            String name = pod.getMetadata().getName();
            if (closed || watches.containsKey(name) || pod.getMetadata().getDeletionTimestamp() != null
                    || !started(pod)) {
                return;
            }
            Instant since;
            synchronized (this) {
                since = lastSent.get(name);
                if (since == null && initial.containsKey(name)) {
                    since = startedAt;
                }
            }
            Instant skipUpTo = since;
            try {
                var logs = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(name)
                        .inContainer(Names.CONTAINER).usingTimestamps();
                LineStream out = new LineStream(line -> deliver(name, line, skipUpTo));
                // sinceTime has second precision: lines up to the newest one sent are dropped in deliver().
                LogWatch watch = since == null ? logs.watchLog(out)
                        : logs.sinceTime(since.truncatedTo(ChronoUnit.SECONDS).toString()).watchLog(out);
                if (watches.putIfAbsent(name, watch) != null) {
                    watch.close();
                    return;
                }
                // The stream ends when the container stops; a restarted container is followed again.
                watch.onClose().whenComplete((t, e) -> {
                    out.close(); // a last line without a newline
                    watches.remove(name, watch);
                });
                if (closed) {
                    watch.close();
                }
            } catch (RuntimeException e) {
                log.debug("following logs of pod {} failed: {}", name, e.getMessage());
            }
        }

        private void deliver(String pod, String raw, Instant skipUpTo) {
            LogLine line = parse(raw, pod);
            if (line == null || closed) {
                return;
            }
            synchronized (this) {
                Instant last = lastSent.get(pod);
                Instant floor = last != null ? last : skipUpTo;
                boolean old = floor != null && (last != null ? !line.timestamp().isAfter(floor)
                        : line.timestamp().isBefore(floor));
                if (old) {
                    return;
                }
                lastSent.put(pod, line.timestamp());
                sink.accept(line);
            }
        }

        @Override
        public void close() {
            closed = true;
            watches.values().forEach(LogWatch::close);
            watches.clear();
        }
    }

    /** Splits the bytes of a log stream into lines. */
    static final class LineStream extends OutputStream {

        private final Consumer<String> lines;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        LineStream(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                buffer.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void close() {
            if (buffer.size() > 0) {
                flushLine();
            }
        }

        private void flushLine() {
            String line = buffer.toString(StandardCharsets.UTF_8);
            buffer.reset();
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            lines.accept(line);
        }
    }
}
