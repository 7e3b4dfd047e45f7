package io.containerengine.apikeys.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param prefix put in front of every new key (env {@code API_KEY_PREFIX}), so keys are recognisable in leaks */
@ConfigurationProperties("ce.apikeys")
public record ApiKeysProperties(@DefaultValue("ce_dev_") String prefix) {

    public ApiKeysProperties {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_]{1,11}")) {
            throw new IllegalArgumentException(
                    "ce.apikeys.prefix must be 1-11 characters of letters, digits or '_'");
        }
    }
}
