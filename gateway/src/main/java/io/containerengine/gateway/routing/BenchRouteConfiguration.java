package io.containerengine.gateway.routing;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A plain Spring Cloud Gateway route {@code /bench/plain/**} with no authentication, to compare the cost of the
 * gateway's own checks with stock routing. Exists only when {@code ce.gateway.bench.plain-uri} is set (the
 * benchmark test sets it); never configure it in a deployment.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("ce.gateway.bench.plain-uri")
public class BenchRouteConfiguration {

    @Bean
    RouteLocator benchPlainRoute(RouteLocatorBuilder builder, @Value("${ce.gateway.bench.plain-uri}") String uri) {
        return builder.routes().route("bench-plain", r -> r.path("/bench/plain/**").uri(uri)).build();
    }
}
