package io.containerengine.apikeys.keys;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param prefix             put in front of every new key (env {@code API_KEY_PREFIX}): {@code ce_live_} in
 *                           production, {@code ce_dev_} elsewhere, so keys are recognisable in leaks and
 *                           environments can't be mixed up
 * @param lastUsedResolution {@code last_used} is written at most this often per key, so that using a key is not a
 *                           database write per request
 * @param maxBodySize        request bodies above this are refused with 413
 */
@ConfigurationProperties("ce.apikeys")
public record ApiKeysProperties(
        @DefaultValue("ce_dev_") String prefix,
        @DefaultValue("1m") Duration lastUsedResolution,
        @DefaultValue("64KB") DataSize maxBodySize) {

    public ApiKeysProperties {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_]{1,11}")) {
            throw new IllegalArgumentException(
                    "ce.apikeys.prefix must be 1-11 characters of letters, digits or '_'");
        }
        if (lastUsedResolution.isNegative()) {
            throw new IllegalArgumentException("ce.apikeys.last-used-resolution must not be negative");
        }
    }

    /** The defaults with another prefix (a second constructor would confuse property binding). */
    public static ApiKeysProperties withPrefix(String prefix) {
        return new ApiKeysProperties(prefix, Duration.ofMinutes(1), DataSize.ofKilobytes(64));
    }
}
