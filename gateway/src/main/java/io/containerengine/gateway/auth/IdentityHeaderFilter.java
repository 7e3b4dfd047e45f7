package io.containerengine.gateway.auth;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import io.containerengine.common.identity.InternalIdentity;

/**
 * Applied to the headers of every proxied request (HTTP and WebSocket, API and apps): a client-sent
 * {@code X-CE-Identity} never passes, and an authenticated API call carries the gateway-signed one (and no API key:
 * see {@link AuthenticatedCaller#forwardsCredential()}).
 * Working on the outgoing headers (not by mutating the request) keeps the hot path to one header copy.
 */
public class IdentityHeaderFilter implements HttpHeadersFilter, Ordered {

    private final InternalIdentity identity;

    public IdentityHeaderFilter(InternalIdentity identity) {
        this.identity = identity;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        AuthenticatedCaller verified = exchange.getAttribute(AuthenticationWebFilter.VERIFIED_TOKEN_ATTRIBUTE);
        if (verified == null && !input.containsHeader(InternalIdentity.HEADER)) {
            return input;
        }
        HttpHeaders headers = HttpHeaders.copyOf(input);
        applyTo(headers, exchange);
        return headers;
    }

    /** Does this filter's work on {@code headers}, a writable copy of the outgoing request's headers. */
    public void applyTo(HttpHeaders headers, ServerWebExchange exchange) {
        AuthenticatedCaller verified = exchange.getAttribute(AuthenticationWebFilter.VERIFIED_TOKEN_ATTRIBUTE);
        headers.remove(InternalIdentity.HEADER);
        if (verified != null) {
            headers.set(InternalIdentity.HEADER, verified.identityHeader(identity, System.currentTimeMillis()));
            if (!verified.forwardsCredential()) {
                headers.remove(HttpHeaders.AUTHORIZATION);
            }
            if (exchange.getAttribute(AuthenticationWebFilter.SUBPROTOCOL_TOKEN_ATTRIBUTE) != null) {
                headers.set(SubprotocolTokenWebSocketClient.DROP_SUBPROTOCOLS_HEADER, "true");
            }
        }
    }

    @Override
    public int getOrder() {
        return 1001;
    }
}
