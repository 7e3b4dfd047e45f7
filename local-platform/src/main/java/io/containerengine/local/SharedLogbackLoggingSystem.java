package io.containerengine.local;

import java.nio.file.Path;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;

import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;

/**
 * Spring Boot's Logback set-up, made safe for several applications starting at once in one JVM. The services share
 * one Logback context; Boot configures it once and skips when it finds it configured, but that check races when
 * five applications start in parallel, and each would add its own console appender (every line printed five times).
 */
public class SharedLogbackLoggingSystem extends LogbackLoggingSystem {

    private static final Object LOCK = new Object();
    /** Where each service's own log file goes ({@code bin/ce} sets it); none when unset. */
    static final String LOG_DIR_PROPERTY = "ce.local.log-dir";

    /** Makes {@code %ceService} known to every Logback pattern of this JVM. */
    static void registerServiceNameConverter() {
        PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put(ServiceNameConverter.WORD, ServiceNameConverter::new);
    }

    public SharedLogbackLoggingSystem(ClassLoader classLoader) {
        super(classLoader);
    }

    @Override
    public void beforeInitialize() {
        synchronized (LOCK) {
            super.beforeInitialize();
        }
    }

    @Override
    public void initialize(LoggingInitializationContext initializationContext, String configLocation, LogFile logFile) {
        synchronized (LOCK) {
            super.initialize(initializationContext, configLocation, logFile);
            String directory = System.getProperty(LOG_DIR_PROPERTY);
            if (directory != null && !directory.isBlank()
                    && LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
                ServiceLogFiles.attach(context, Path.of(directory));
            }
        }
    }
}
