package io.containerengine.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API routes, built from {@link ServicesProperties} in code so that the typed properties are the only
 * source (and the renamed {@code spring.cloud.gateway.server.webflux.routes} prefix cannot bite).
 * Route URIs are http: the gateway's WebsocketRoutingFilter switches a WebSocket upgrade to ws itself,
 * so {@code /v1/ws/health} answers plain GETs and {@code /v1/ws/notifications} upgrades on one route.
 * Nothing routes {@code /internal/**}: those paths answer 404 from outside.
 */
@Configuration(proxyBeanMethods = false)
public class ApiRoutesConfiguration {

    @Bean
    RouteLocator apiRoutes(RouteLocatorBuilder builder, ServicesProperties services) {
        return builder.routes()
                .route("auth-service", r -> r.path("/v1/auth/**", "/v1/user/**").uri(services.auth()))
                .route("apikey-service", r -> r.path("/v1/api-keys/**").uri(services.apiKeys()))
                .route("deployment-service",
                        r -> r.path("/v1/deployments/**").uri(services.deployments()))
                .route("notification-service",
                        r -> r.path("/v1/ws/**", "/v1/notifications/**", "/v1/webhooks/**")
                                .uri(services.notifications()))
                .build();
    }
}
