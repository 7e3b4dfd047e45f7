package io.containerengine.deployments.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the public API ({@code ce.api.*}).
 *
 * @param maxBodySize    larger request bodies are refused with 413
 * @param idempotencyTtl how long an {@code Idempotency-Key} of a create is remembered
 * @param maxLogTail     upper bound of the {@code tail} parameter of the logs endpoints
 */
@ConfigurationProperties("ce.api")
public record ApiProperties(
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("24h") Duration idempotencyTtl,
        @DefaultValue("10000") int maxLogTail) {
}
