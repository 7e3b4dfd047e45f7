package io.containerengine.provisioner.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Images of the runtime tests, built from the project's busybox base with podman (no registry needed).
 * {@code localhost/ce-it-tools:2}: busybox httpd on port 80 serving {@code /health} (a file the start script
 * writes, so a restart brings it back), {@code /cgi-bin/break} (removes it: health checks fail from then on) and
 * behaviours chosen by env: {@code ALLOCATE_AFTER} (seconds, then a 64 MiB allocation as the main process),
 * {@code EXIT_AFTER} (seconds, then exit 3), {@code CRASH_AT_START} (exit 3 before listening),
 * {@code LISTEN_AFTER} (seconds before listening), {@code NO_LISTEN}.
 */
public final class TestImages {

    public static final String SAMPLE = "localhost/ce-sample:latest";
    public static final String TOOLS = "localhost/ce-it-tools:2";
    public static final String CONTAINERS_CONF = Path.of("..", "deploy", "local", "containers.conf").toAbsolutePath()
            .normalize().toString();

    private static boolean built;

    private TestImages() {
    }

    public static synchronized String tools() throws Exception {
        if (built) {
            return TOOLS;
        }
        if (podman(List.of("image", "exists", TOOLS)) != 0) {
            Path dir = Files.createTempDirectory("ce-it-tools");
            Files.createDirectories(dir.resolve("www/cgi-bin"));
            write(dir.resolve("start.sh"), """
                    #!/bin/sh
                    if [ -n "$CRASH_AT_START" ]; then echo "cannot start" >&2; exit 3; fi
                    echo ok > /www/health
                    echo "started $(hostname)"
                    echo "warming up $(hostname)" >&2
                    if [ -n "$ALLOCATE_AFTER" ]; then
                      httpd -p 80 -h /www
                      sleep "$ALLOCATE_AFTER"
                      exec busybox dd if=/dev/zero of=/dev/null bs=64M count=1
                    fi
                    if [ -n "$EXIT_AFTER" ]; then
                      httpd -p 80 -h /www
                      sleep "$EXIT_AFTER"
                      echo "giving up" >&2
                      exit 3
                    fi
                    if [ -n "$NO_LISTEN" ]; then exec sleep 3600; fi
                    if [ -n "$LISTEN_AFTER" ]; then sleep "$LISTEN_AFTER"; fi
                    exec httpd -f -p 80 -h /www
                    """);
            write(dir.resolve("www/index.html"), "tools\n");
            write(dir.resolve("www/cgi-bin/break"), """
                    #!/bin/sh
                    busybox rm -f /www/health
                    echo "broken by request" >&2
                    echo "Content-Type: text/plain"
                    echo ""
                    echo "broken"
                    """);
            write(dir.resolve("www/cgi-bin/env"), """
                    #!/bin/sh
                    echo "Content-Type: text/plain"
                    echo ""
                    echo "greeting=${GREETING:-none}"
                    """);
            write(dir.resolve("Containerfile"), """
                    FROM localhost/ce-busybox:latest
                    COPY start.sh /start.sh
                    COPY www /www
                    EXPOSE 80
                    CMD ["/bin/sh", "/start.sh"]
                    """);
            for (String f : List.of("start.sh", "www/cgi-bin/break", "www/cgi-bin/env")) {
                Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            int code = podman(List.of("build", "-q", "--format", "docker", "-t", TOOLS, dir.toString()));
            org.springframework.util.FileSystemUtils.deleteRecursively(dir);
            if (code != 0) {
                throw new IllegalStateException("podman build of " + TOOLS + " failed: " + code);
            }
        }
        built = true;
        return TOOLS;
    }

    private static void write(Path path, String text) throws IOException {
        Files.writeString(path, text);
    }

    /** Runs the podman CLI with the project's containers.conf; returns its exit code. */
    static int podman(List<String> args) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add("podman");
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("CONTAINERS_CONF", CONTAINERS_CONF);
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("podman " + args + " timed out");
        }
        return p.exitValue();
    }
}
