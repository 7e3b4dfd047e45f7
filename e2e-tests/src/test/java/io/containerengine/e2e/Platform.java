package io.containerengine.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged platform, started and stopped with the same command a person uses ({@code bin/ce}), on ports of its
 * own (gateway 13000, services 18081-18085, Kafka 19092) and a database of its own, so it never collides with a
 * platform a developer is running.
 */
final class Platform {

    static final int GATEWAY_PORT = 13000;
    static final String INSTANCE = "e2e";
    static final Path ROOT = Path.of(System.getProperty("ce.repo.root", "..")).toAbsolutePath().normalize();
    static final Path HOME = Path.of(System.getProperty("ce.e2e.home", "target/ce-e2e")).toAbsolutePath();

    private Platform() {
    }

    static void up() throws IOException, InterruptedException {
        run(List.of(ROOT.resolve("bin/ce").toString(), "up"), Duration.ofMinutes(4));
    }

    static void down() throws IOException, InterruptedException {
        run(List.of(ROOT.resolve("bin/ce").toString(), "down"), Duration.ofMinutes(1));
    }

    static String gateway() {
        return "http://127.0.0.1:" + GATEWAY_PORT;
    }

    /**
     * Sum over every process the platform started (six services and Kafka) of one memory figure, in KiB:
     * {@code VmRSS} or {@code VmHWM} (peak RSS) from /proc/PID/status, or {@code Pss} from /proc/PID/smaps_rollup
     * (shared pages, such as the JDK's class data, divided among the processes that share them).
     */
    static long memoryKib(String field) throws IOException {
        long total = 0;
        for (long pid : pids()) {
            Path file = Path.of("/proc", String.valueOf(pid), field.equals("Pss") ? "smaps_rollup" : "status");
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field + ":")) {
                    total += Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        }
        return total;
    }

    /** The pids bin/ce recorded for the processes it started. */
    static List<Long> pids() throws IOException {
        List<Long> pids = new ArrayList<>();
        Path dir = HOME.resolve("pids");
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (var files = Files.list(dir)) {
            for (Path pidFile : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".pid"))::iterator) {
                pids.add(Long.parseLong(Files.readString(pidFile).trim()));
            }
        }
        return pids;
    }

    /** Containers of this platform instance (by its label), running or not, as the engine lists them. */
    static String labelledContainers() throws IOException, InterruptedException {
        String socket = System.getenv().getOrDefault("CE_PODMAN_SOCKET", "/run/container-engine/podman.sock");
        Process curl = new ProcessBuilder("curl", "-sf", "--unix-socket", socket, "-G",
                "http://d/v1.41/containers/json", "--data-urlencode", "all=1", "--data-urlencode",
                "filters={\"label\":[\"io.containerengine.instance=" + INSTANCE + "\"]}").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes());
        curl.waitFor();
        return out;
    }

    static long lastStartupMillis() throws IOException {
        return Long.parseLong(Files.readString(HOME.resolve("last-startup-ms")).trim());
    }

    private static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        // Output goes to a file: a forked test JVM must not share its stdout with child processes.
        Files.createDirectories(HOME.resolve("logs"));
        Path log = HOME.resolve("logs").resolve("ce-" + command.get(1) + ".log");
        var builder = new ProcessBuilder(new ArrayList<>(command)).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("CE_HOME", HOME.toString());
        env.put("PORT", String.valueOf(GATEWAY_PORT));
        env.put("CE_PORT_OFFSET", "10000");
        env.put("CE_DATABASE", "ce_e2e");
        // a Redis database of its own, emptied at start: rate-limit counters of earlier runs must not carry over
        env.put("REDIS_URL", "redis://127.0.0.1:6379/7");
        env.put("CE_SKIP_BUILD", "1");
        env.put("DOMAIN_SUFFIX", "localhost");
        // its own container label and host ports: it never touches containers of another platform on this engine
        env.put("CE_INSTANCE_ID", INSTANCE);
        // App traffic reaches the deployment metrics within a second instead of the default 10 s window.
        env.put("CE_GATEWAY_TRAFFIC_FLUSH_INTERVAL", "1s");
        env.put("CE_HOST_PORT_RANGE", "45000-45999");
        env.remove("DATABASE_URL");
        if (command.get(1).equals("up")) {
            env.put("CE_RESET_DATABASE", "1");
        }
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeout);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + process.exitValue() + ":\n"
                    + Files.readString(log) + "\nlogs in " + HOME.resolve("logs"));
        }
    }
}
