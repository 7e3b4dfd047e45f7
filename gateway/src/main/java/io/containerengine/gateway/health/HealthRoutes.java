package io.containerengine.gateway.health;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.containerengine.gateway.apps.AppHostWebFilter;

/** {@code GET /health} of the platform's API. On an app's host, /health is the app's own and is proxied. */
@Configuration(proxyBeanMethods = false)
public class HealthRoutes {

    record Health(String status, String service, String version) {
    }

    private static final Health HEALTHY = new Health("healthy", "container-engine", "0.1.0");

    @Bean
    RouterFunction<ServerResponse> healthRoute() {
        return RouterFunctions.route(
                GET("/health").and(request -> request.attribute(AppHostWebFilter.APP_HOST_ATTRIBUTE).isEmpty()),
                request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(HEALTHY));
    }
}
