package io.containerengine.local;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %ceService} in a log pattern: the service a log line comes from, when several share one JVM and one log.
 * Every thread a service starts (its main thread, Tomcat's workers, Kafka's consumers ...) has the service's class
 * loader as context class loader, or a loader below it (Tomcat's web-app loader); the converter runs on the thread
 * that logs. {@code -} where no service is found (the JVM's own threads).
 */
public class ServiceNameConverter extends ClassicConverter {

    static final String WORD = "ceService";

    @Override
    public String convert(ILoggingEvent event) {
        return of(Thread.currentThread().getContextClassLoader());
    }

    static String of(ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            String name = l.getName();
            if (l instanceof ServiceClassLoader && name != null && name.startsWith("ce-")) {
                return name.substring(3);
            }
        }
        return "-";
    }
}
