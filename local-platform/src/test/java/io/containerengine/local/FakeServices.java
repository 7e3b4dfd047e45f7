package io.containerengine.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Service main classes for {@link LocalPlatformTest}, run by the launcher in a JVM of its own. */
final class FakeServices {

    private FakeServices() {
    }

    /** Appends what it was started with to the file named by the system property {@code fake.out}. */
    public static final class Recording {
        public static void main(String[] args) throws IOException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            String line = Thread.currentThread().getName() + " loader=" + context.getName()
                    + " args=" + String.join(",", args)
                    + " config=" + (context.getResource("application.yml") != null)
                    + " service=" + ServiceNameConverter.of(context) + System.lineSeparator();
            Files.writeString(Path.of(System.getProperty("fake.out")), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    public static final class Failing {
        public static void main(String[] args) {
            throw new IllegalStateException("port already in use");
        }
    }
}
