package io.containerengine.deployments.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deployment-service reaches the provisioner-worker's internal API for logs and metrics ({@code ce.provisioner.*}).
 *
 * @param url            base URL (env {@code PROVISIONER_URL})
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout whole-request timeout of non-streaming calls
 * @param followTimeout  a followed log stream (HTTP or WebSocket) is closed after this long, so an idle client that
 *                       went away without us noticing cannot hold a thread forever
 * @param maxLogStreams  followed log streams open at once; more are refused with 503
 */
@ConfigurationProperties("ce.provisioner")
public record ProvisionerProperties(
        @DefaultValue("http://127.0.0.1:8084") String url,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("1h") Duration followTimeout,
        @DefaultValue("64") int maxLogStreams) {
}
