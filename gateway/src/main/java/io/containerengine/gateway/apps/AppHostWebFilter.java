package io.containerengine.gateway.apps;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Tells app requests from API requests, first thing: a Host (port dropped, lower-cased) of
 * {@code <label>.<DOMAIN_SUFFIX>} is an app request (an unknown one answers 404), and so is a Host that is one of
 * the verified custom domains in the {@link RouteTable}, whatever the path or method. Every other Host (localhost,
 * an IP, the suffix itself, the platform's API name, a custom domain no longer routed) is the API. The host goes
 * into an exchange attribute that the app route, the auth filter and the health endpoint read, so the Host header
 * is parsed once.
 */
public class AppHostWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the app host ({@code myapp.localhost}) of an app request. */
    public static final String APP_HOST_ATTRIBUTE = "ce.gateway.appHost";
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final String suffix;
    private final String dotSuffix;
    private final RouteTable routes;

    public AppHostWebFilter(AppsProperties properties, RouteTable routes) {
        this.suffix = properties.domainSuffix();
        this.dotSuffix = "." + suffix;
        this.routes = routes;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String host = appHost(exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST));
        if (host != null) {
            exchange.getAttributes().put(APP_HOST_ATTRIBUTE, host);
        }
        return chain.filter(exchange);
    }

    /** The normalised app host named by a Host header value, or null when it names no app. */
    @Nullable String appHost(@Nullable String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty() || hostHeader.charAt(0) == '[') {
            return null; // absent, or an IPv6 literal: never an app
        }
        int colon = hostHeader.indexOf(':');
        String host = colon < 0 ? hostHeader : hostHeader.substring(0, colon);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.length() > dotSuffix.length() && host.regionMatches(true,
                host.length() - dotSuffix.length(), dotSuffix, 0, dotSuffix.length())) {
            return host.toLowerCase(Locale.ROOT);
        }
        if (host.isEmpty() || host.equalsIgnoreCase(suffix)) {
            return null; // the platform's own name is always the API
        }
        // a custom domain only while it is routed: anything else stays the API's
        String candidate = host.toLowerCase(Locale.ROOT);
        return routes.lookup(candidate) != null ? candidate : null;
    }
}
