package io.containerengine.gateway.routing;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sets {@code X-Forwarded-For/-Proto/-Host/-Port} on every proxied request, each with one value. The client's own
 * values are not trusted: Spring Cloud Gateway already drops them (it is configured with no trusted proxies) and
 * this filter, ordered after that removal, writes what the gateway itself saw - unless the connection comes from
 * one of {@link TrustedProxies} (an ingress controller in front of the gateway), whose view of the client, scheme
 * and port is taken instead, read from the original request. Services rely on this one address (auth-service's
 * rate limits per client).
 */
@Component
public class EdgeForwardedHeadersFilter implements HttpHeadersFilter, Ordered {

    private final TrustedProxies trusted;

    /** The gateway is the edge: nobody's forwarded headers are believed. */
    public EdgeForwardedHeadersFilter() {
        this(TrustedProxies.none());
    }

    @Autowired
    public EdgeForwardedHeadersFilter(ForwardedProperties properties) {
        this(TrustedProxies.of(properties.trustedProxies()));
    }

    EdgeForwardedHeadersFilter(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = HttpHeaders.copyOf(input);
        addTo(headers, exchange);
        return headers;
    }

    /** Sets the X-Forwarded values on {@code headers} (a writable copy). */
    void addTo(HttpHeaders headers, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders original = request.getHeaders();
        InetSocketAddress remote = request.getRemoteAddress();
        boolean fromProxy = remote != null && remote.getAddress() != null && trusted.trustsPeer(remote.getAddress());
        if (remote != null) {
            headers.set("X-Forwarded-For", remote.getAddress() == null ? remote.getHostString()
                    : trusted.client(remote.getAddress(), original.get("X-Forwarded-For")));
        }
        String scheme = request.getSslInfo() != null ? "https" : "http";
        if (fromProxy) {
            String proto = first(original.get("X-Forwarded-Proto"));
            if ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) {
                scheme = proto.toLowerCase(Locale.ROOT);
            }
        }
        headers.set("X-Forwarded-Proto", scheme);
        String host = original.getFirst(HttpHeaders.HOST);
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        }
        int port = request.getURI().getPort();
        String forwardedPort = fromProxy ? first(original.get("X-Forwarded-Port")) : null;
        if (forwardedPort != null && forwardedPort.matches("\\d{1,5}")) {
            headers.set("X-Forwarded-Port", forwardedPort);
        } else {
            headers.set("X-Forwarded-Port", String.valueOf(port > 0 && !fromProxy ? port
                    : "https".equals(scheme) ? 443 : 80));
        }
    }

    /** The first value of a header that may be repeated or comma-separated (the proxy closest to the client). */
    private static String first(List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.get(0);
        int comma = value.indexOf(',');
        return (comma < 0 ? value : value.substring(0, comma)).trim();
    }

    @Override
    public int getOrder() {
        // after RemoveXForwardedHeadersFilter (order 0), which would otherwise drop what is written here
        return 1000;
    }
}
