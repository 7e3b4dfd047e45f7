package io.containerengine.local;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;

/**
 * One log file per service ({@code <dir>/<service>.log}) next to the shared JVM's combined log, so that
 * {@code bin/ce logs auth-service} shows that service's lines whole, stack traces included (a filter over the
 * combined log loses the continuation lines, which carry no service name). A line goes to the file of the service
 * whose thread logged it (see {@link ServiceNameConverter}); the JVM's own threads appear in the combined log only.
 * Files roll at 10 MB, three kept.
 */
final class ServiceLogFiles extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final String NAME = "ce-service-files";
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5level --- [%15.15thread] %-40.40logger{39} : "
            + "%msg%n%ex";

    private final Path directory;
    private final Map<String, RollingFileAppender<ILoggingEvent>> files = new ConcurrentHashMap<>();

    private ServiceLogFiles(Path directory) {
        this.directory = directory;
    }

    /** Adds the appender to the root logger unless it is there already (each service's start initialises logging). */
    static void attach(LoggerContext context, Path directory) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) != null) {
            return;
        }
        ServiceLogFiles appender = new ServiceLogFiles(directory);
        appender.setContext(context);
        appender.setName(NAME);
        appender.start();
        root.addAppender(appender);
    }

    @Override
    protected void append(ILoggingEvent event) {
        String service = ServiceNameConverter.of(Thread.currentThread().getContextClassLoader());
        if (!"-".equals(service)) {
            files.computeIfAbsent(service, this::open).doAppend(event);
        }
    }

    private RollingFileAppender<ILoggingEvent> open(String service) {
        String file = directory.resolve(service + ".log").toString();
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(getContext());
        appender.setName(NAME + "-" + service);
        appender.setFile(file);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(getContext());
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(3);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(getContext());
        trigger.setMaxFileSize(FileSize.valueOf("10MB"));
        trigger.start();

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(getContext());
        encoder.setPattern(PATTERN);
        encoder.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    @Override
    public void stop() {
        files.values().forEach(RollingFileAppender::stop);
        super.stop();
    }
}
