package io.containerengine.gateway.routing;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ce.gateway.forwarded.*} (env {@code CE_GATEWAY_FORWARDED_TRUSTED_PROXIES}, comma-separated).
 *
 * @param trustedProxies CIDR blocks of the proxies in front of the gateway (e.g. the ingress controller's pods)
 *                       whose {@code X-Forwarded-For/-Proto/-Port} are believed; empty: the gateway is the edge
 */
@ConfigurationProperties("ce.gateway.forwarded")
public record ForwardedProperties(List<String> trustedProxies) {

    public ForwardedProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }
}
