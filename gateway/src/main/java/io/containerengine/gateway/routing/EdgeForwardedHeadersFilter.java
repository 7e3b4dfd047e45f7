package io.containerengine.gateway.routing;

import java.net.InetSocketAddress;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Sets {@code X-Forwarded-For/-Proto/-Host/-Port} on every proxied request. The gateway is the edge, so the
 * client's own values are not trusted: Spring Cloud Gateway already drops them (no trusted proxies are
 * configured) and this filter, ordered after that removal, writes the values the gateway itself saw.
 */
@Component
public class EdgeForwardedHeadersFilter implements HttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = HttpHeaders.copyOf(input);
        addTo(headers, exchange);
        return headers;
    }

    /** Sets the X-Forwarded values on {@code headers} (a writable copy). */
    void addTo(HttpHeaders headers, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null) {
            headers.set("X-Forwarded-For", remote.getHostString());
        }
        String scheme = request.getSslInfo() != null ? "https" : "http";
        headers.set("X-Forwarded-Proto", scheme);
        String host = request.getHeaders().getFirst(HttpHeaders.HOST);
        if (host != null) {
            headers.set("X-Forwarded-Host", host);
        }
        int port = request.getURI().getPort();
        headers.set("X-Forwarded-Port", String.valueOf(port > 0 ? port : "https".equals(scheme) ? 443 : 80));
    }

    @Override
    public int getOrder() {
        // after RemoveXForwardedHeadersFilter (order 0), which would otherwise drop what is written here
        return 1000;
    }
}
