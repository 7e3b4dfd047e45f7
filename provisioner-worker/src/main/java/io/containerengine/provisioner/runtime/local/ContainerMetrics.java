package io.containerengine.provisioner.runtime.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;

import io.containerengine.provisioner.runtime.DeploymentMetrics;

/**
 * CPU and memory of running replicas. CPU is the growth of the container's {@code total_usage} (ns of CPU time)
 * between two reads over the time between them: podman's {@code precpu_stats} is empty and its
 * {@code system_cpu_usage} is not Docker's, so Docker's formula cannot be used. The previous read of each
 * container is kept; when there is none recent enough a second read is taken shortly after the first.
 */
class ContainerMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerMetrics.class);
    private static final long SECOND_READ_AFTER_MS = 250;
    private static final long MAX_SAMPLE_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long READ_TIMEOUT_MS = 5_000;

    private record Sample(long totalUsage, long readNanos, Instant read, long memory, Long limit) {
    }

    private final DockerClient docker;
    private final Map<String, Sample> previous = new ConcurrentHashMap<>();

    ContainerMetrics(DockerClient docker) {
        this.docker = docker;
    }

    Optional<DeploymentMetrics> sample(List<Replica> running) {
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Sample> first = new ConcurrentHashMap<>();
        boolean needSecond = false;
        for (Replica r : running) {
            Sample s = read(r.containerId());
            if (s == null) {
                continue;
            }
            Sample before = previous.get(r.containerId());
            if (before == null || s.readNanos() - before.readNanos() > MAX_SAMPLE_AGE_NANOS
                    || s.readNanos() - before.readNanos() <= 0 || s.totalUsage() < before.totalUsage()) {
                needSecond = true;
            }
            first.put(r.containerId(), s);
        }
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Sample> base = new ConcurrentHashMap<>();
        Map<String, Sample> latest = new ConcurrentHashMap<>(first);
        if (needSecond) {
            try {
                Thread.sleep(SECOND_READ_AFTER_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            base.putAll(first);
            for (Replica r : running) {
                if (first.containsKey(r.containerId())) {
                    Sample s = read(r.containerId());
                    if (s != null) {
                        latest.put(r.containerId(), s);
                    }
                }
            }
        } else {
            for (Replica r : running) {
                Sample before = previous.get(r.containerId());
                if (before != null) {
                    base.put(r.containerId(), before);
                }
            }
        }
        List<DeploymentMetrics.Replica> replicas = new ArrayList<>();
        double cpu = 0;
        long memory = 0;
        Long limit = 0L;
        Instant sampledAt = Instant.EPOCH;
        for (Replica r : running) {
            Sample now = latest.get(r.containerId());
            if (now == null) {
                continue;
            }
            Sample then = base.get(r.containerId());
            double replicaCpu = 0;
            if (then != null && now.readNanos() > then.readNanos() && now.totalUsage() >= then.totalUsage()) {
                replicaCpu = 100.0 * (now.totalUsage() - then.totalUsage()) / (now.readNanos() - then.readNanos());
            }
            replicaCpu = Math.round(replicaCpu * 100) / 100.0;
            replicas.add(new DeploymentMetrics.Replica(r.name(), replicaCpu, now.memory()));
            cpu += replicaCpu;
            memory += now.memory();
            limit = limit == null || now.limit() == null ? null : limit + now.limit();
            if (now.read().isAfter(sampledAt)) {
                sampledAt = now.read();
            }
            previous.put(r.containerId(), now);
        }
        if (replicas.isEmpty()) {
            return Optional.empty();
        }
        // Forget containers that are gone.
        previous.keySet().retainAll(running.stream().map(Replica::containerId).toList());
        return Optional.of(new DeploymentMetrics(Math.round(cpu * 100) / 100.0, memory, limit, replicas, sampledAt));
    }

    private Sample read(String containerId) {
        var callback = new ResultCallback.Adapter<Statistics>() {
            volatile Statistics stats;

            @Override
            public void onNext(Statistics object) {
                stats = object;
            }
        };
        try {
            docker.statsCmd(containerId).withNoStream(true).exec(callback)
                    .awaitCompletion(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            log.debug("stats of {} unavailable: {}", containerId, e.toString());
            return null;
        }
        Statistics s = callback.stats;
        if (s == null || s.getCpuStats() == null || s.getCpuStats().getCpuUsage() == null
                || s.getCpuStats().getCpuUsage().getTotalUsage() == null || s.getMemoryStats() == null) {
            return null;
        }
        long readNanos;
        Instant read;
        try {
            read = Instant.parse(s.getRead());
            readNanos = read.getEpochSecond() * 1_000_000_000L + read.getNano();
        } catch (RuntimeException e) {
            read = Instant.now();
            readNanos = System.currentTimeMillis() * 1_000_000L;
        }
        Long usage = s.getMemoryStats().getUsage();
        Long limit = s.getMemoryStats().getLimit();
        // An unlimited container reports the host's memory (or a huge number) as its limit.
        if (limit != null && limit >= Long.MAX_VALUE / 4) {
            limit = null;
        }
        return new Sample(s.getCpuStats().getCpuUsage().getTotalUsage(), readNanos, read,
                usage == null ? 0 : usage, limit);
    }

    @Override
    public void close() {
        previous.clear();
    }
}
