package io.containerengine.common.identity;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param secret      shared by the gateway and the services (env {@code INTERNAL_IDENTITY_SECRET})
 * @param publicPaths Ant-style paths a service answers without an identity (login, health, ...)
 */
@ConfigurationProperties("ce.identity")
public record IdentityProperties(String secret, List<String> publicPaths) {

    public IdentityProperties {
        publicPaths = publicPaths == null ? List.of() : List.copyOf(publicPaths);
    }
}
