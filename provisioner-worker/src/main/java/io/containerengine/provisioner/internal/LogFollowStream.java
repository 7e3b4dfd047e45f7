package io.containerengine.provisioner.internal;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

import io.containerengine.provisioner.ProvisionerProperties;
import io.containerengine.provisioner.runtime.LogLine;
import io.containerengine.provisioner.runtime.Runtime;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams a deployment's logs as NDJSON (one log object per line) until the client goes away. Each line is sent
 * (and flushed) as the engine delivers it. The servlet container notices a closed connection only when writing,
 * so an idle stream gets a blank line every {@code ce.provisioner.logs.follow-keep-alive}; the follow (and the
 * engine's log streams behind it) ends on the first failed write.
 */
@Component
class LogFollowStream implements DisposableBean {

    private final Runtime runtime;
    private final JsonMapper json;
    private final Duration keepAlive;
    private final ScheduledExecutorService keepAlives = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "logs-keep-alive");
        t.setDaemon(true);
        return t;
    });

    LogFollowStream(Runtime runtime, JsonMapper json, ProvisionerProperties properties) {
        this.runtime = runtime;
        this.json = json;
        this.keepAlive = properties.logs().followKeepAlive();
    }

    ResponseBodyEmitter open(UUID deploymentId, int tail) {
        ResponseBodyEmitter emitter = new ResponseBodyEmitter();
        Stream stream = new Stream(emitter);
        emitter.onCompletion(stream::close);
        emitter.onError(e -> stream.close());
        emitter.onTimeout(stream::close);
        stream.follow = runtime.followLogs(deploymentId, tail, stream::send);
        stream.keepAlive = keepAlives.scheduleWithFixedDelay(stream::keepAlive, keepAlive.toMillis(),
                keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        return emitter;
    }

    private final class Stream {
        final ResponseBodyEmitter emitter;
        final AtomicBoolean closed = new AtomicBoolean();
        volatile Closeable follow;
        volatile ScheduledFuture<?> keepAlive;
        /** Whether a line went out since the last keep-alive tick. */
        volatile boolean active;

        Stream(ResponseBodyEmitter emitter) {
            this.emitter = emitter;
        }

        void send(LogLine line) {
            active = true;
            byte[] bytes = json.writeValueAsBytes(InternalDeploymentsController.LogEntry.of(line));
            byte[] withNewline = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
            withNewline[bytes.length] = '\n';
            write(withNewline);
        }

        void keepAlive() {
            if (!active) {
                write(new byte[] {'\n'});
            }
            active = false;
        }

        private void write(byte[] bytes) {
            if (closed.get()) {
                return;
            }
            try {
                emitter.send(bytes, InternalDeploymentsController.NDJSON);
            } catch (IOException | IllegalStateException e) {
                close(); // the client went away
                emitter.completeWithError(e);
            }
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            ScheduledFuture<?> k = keepAlive;
            if (k != null) {
                k.cancel(false);
            }
            Closeable f = follow;
            if (f != null) {
                try {
                    f.close();
                } catch (IOException ignored) {
                    // the engine streams are gone either way
                }
            }
        }
    }

    @Override
    public void destroy() {
        keepAlives.shutdownNow();
    }
}
