package io.containerengine.common.crypto;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** A {@link SecretBox} for services that are given {@code ce.secrets.key} (env {@code SECRETS_KEY}). */
@AutoConfiguration
@ConditionalOnProperty("ce.secrets.key")
public class SecretsAutoConfiguration {

    @Bean
    SecretBox secretBox(Environment environment) {
        return new SecretBox(environment.getProperty("ce.secrets.key"));
    }
}
