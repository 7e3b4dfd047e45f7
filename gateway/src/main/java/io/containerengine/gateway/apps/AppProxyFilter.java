package io.containerengine.gateway.apps;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.containerengine.gateway.traffic.TrafficRecorder;
import io.containerengine.gateway.web.ErrorResponses;
import reactor.core.publisher.Mono;

/**
 * Points an app request at one of the app's endpoints, round-robin, by setting the gateway's request URL; the
 * gateway's own Netty (and, for upgrades, WebSocket) routing filters then stream it there. Runs after
 * {@link RouteToRequestUrlFilter} (which would overwrite the URL) like a load balancer filter does.
 * The Host header is kept, so the app sees the name it was called by; X-Forwarded-* are set for it.
 * Every request of a known app is counted for its deployment's traffic report, including the 503 of an app that
 * is not running and the 502/504 of one that fails (the status is read when the response is committed).
 */
public class AppProxyFilter implements GatewayFilter {

    /** After RouteToRequestUrlFilter (10000), before the routing filters; where the load balancer sits. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 150;

    private final RouteTable routes;
    private final @Nullable TrafficRecorder traffic;

    public AppProxyFilter(RouteTable routes) {
        this(routes, null);
    }

    public AppProxyFilter(RouteTable routes, @Nullable TrafficRecorder traffic) {
        this.routes = routes;
        this.traffic = traffic;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String host = exchange.getRequiredAttribute(AppHostWebFilter.APP_HOST_ATTRIBUTE);
        RouteTable.App app = routes.lookup(host);
        if (app == null) {
            return ErrorResponses.write(exchange, HttpStatus.NOT_FOUND, "No app is deployed at " + host);
        }
        if (traffic != null) {
            traffic.track(exchange, app.deploymentId());
        }
        String endpoint = app.nextEndpoint();
        if (endpoint == null) {
            return ErrorResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "The app at " + host + " is not running");
        }
        URI incoming = exchange.getRequest().getURI();
        StringBuilder target = new StringBuilder(64).append("http://").append(endpoint).append(incoming.getRawPath());
        if (incoming.getRawQuery() != null) {
            target.append('?').append(incoming.getRawQuery());
        }
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, URI.create(target.toString()));
        exchange.getAttributes().put(PRESERVE_HOST_HEADER_ATTRIBUTE, true);
        return chain.filter(exchange);
    }
}
