package io.containerengine.provisioner.runtime.local;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A podman API service of a test's own (same container storage as the shared one, separate process), so that a
 * test can kill and restart it, or give it a registries.conf, without touching the service others use.
 */
final class PodmanService implements AutoCloseable {

    final Path socket = Path.of("/tmp", "ce-it-podman-" + UUID.randomUUID().toString().substring(0, 8) + ".sock");
    private final Map<String, String> env;
    private Process process;

    PodmanService(Map<String, String> env) {
        this.env = env;
    }

    String dockerHost() {
        return "unix://" + socket;
    }

    PodmanService start() throws Exception {
        Files.deleteIfExists(socket);
        var builder = new ProcessBuilder("podman", "system", "service", "--time=0", dockerHost())
                .redirectErrorStream(true)
                .redirectOutput(Path.of(socket + ".log").toFile());
        builder.environment().put("CONTAINERS_CONF", TestImages.CONTAINERS_CONF);
        builder.environment().putAll(env);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ping()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new IllegalStateException("podman service did not come up; see " + socket + ".log");
            }
            Thread.sleep(50);
        }
        return this;
    }

    /** Kills the service process (kill -9); the containers live on, under conmon. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    boolean ping() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(256);
            channel.read(buffer);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        Files.deleteIfExists(socket);
        Files.deleteIfExists(Path.of(socket + ".log"));
    }
}
