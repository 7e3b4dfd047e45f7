package io.containerengine.gateway.apps;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.containerengine.gateway.traffic.TrafficRecorder;

/** The app route (ahead of every API route) and the beans that keep its table. */
@Configuration(proxyBeanMethods = false)
public class AppRoutesConfiguration {

    @Bean
    RouteTable routeTable() {
        return new RouteTable();
    }

    @Bean
    AppHostWebFilter appHostWebFilter(AppsProperties properties, RouteTable table) {
        return new AppHostWebFilter(properties, table);
    }

    @Bean
    RouteLocator appRoutes(RouteLocatorBuilder builder, RouteTable table, ObjectProvider<TrafficRecorder> traffic) {
        AppProxyFilter proxy = new AppProxyFilter(table, traffic.getIfAvailable());
        return builder.routes()
                .route("apps", r -> r.order(-1000)
                        .predicate(exchange -> exchange.getAttribute(AppHostWebFilter.APP_HOST_ATTRIBUTE) != null)
                        .filters(f -> f.filter(proxy, AppProxyFilter.ORDER))
                        // placeholder: AppProxyFilter replaces the request URL with an endpoint of the app
                        .uri("http://app.invalid"))
                .build();
    }
}
