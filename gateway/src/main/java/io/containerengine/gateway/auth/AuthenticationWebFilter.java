package io.containerengine.gateway.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.containerengine.gateway.apps.AppHostWebFilter;
import io.containerengine.gateway.web.ErrorResponses;
import reactor.core.publisher.Mono;

/**
 * Guards the API: every {@code /v1/**} call except the public ones needs a valid access token, taken from
 * {@code Authorization: Bearer}, or on WebSocket calls (browsers can't set headers there) from {@code ?token=}
 * (stripped before proxying) or a {@code Sec-WebSocket-Protocol} entry. The verified token goes into an exchange
 * attribute; {@link IdentityHeaderFilter} turns it into the signed {@code X-CE-Identity} on the proxied request
 * and drops any client-sent one. App requests (Host routing) are not API requests and pass untouched here.
 */
public class AuthenticationWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the {@link VerifiedToken} of the caller. */
    public static final String VERIFIED_TOKEN_ATTRIBUTE = "ce.gateway.verifiedToken";
    /** Exchange attribute set when the token came as a WebSocket subprotocol. */
    static final String SUBPROTOCOL_TOKEN_ATTRIBUTE = "ce.gateway.subprotocolToken";

    static final String AUTHENTICATION_REQUIRED = "Authentication required";
    static final String INVALID_TOKEN = "Invalid or expired token";

    private static final String BEARER = "Bearer ";
    private static final String TOKEN_PARAM = "token";

    private final TokenVerifier verifier;

    public AuthenticationWebFilter(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public int getOrder() {
        return AppHostWebFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getAttribute(AppHostWebFilter.APP_HOST_ATTRIBUTE) != null) {
            return chain.filter(exchange);
        }
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (path.equals("/internal") || path.startsWith("/internal/")) {
            return ErrorResponses.write(exchange, HttpStatus.NOT_FOUND, "Not found");
        }
        if (!isCleanPath(path)) {
            // dot segments or encoded separators could be normalised differently downstream
            return ErrorResponses.write(exchange, HttpStatus.BAD_REQUEST, "Invalid request path");
        }
        if (!path.startsWith("/v1/") || PublicEndpoints.isPublic(request.getMethod(), path)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = request.getHeaders();
        boolean webSocket = path.startsWith("/v1/ws/") || "websocket".equalsIgnoreCase(headers.getUpgrade());
        String token = bearerToken(headers);
        boolean fromSubprotocol = false;
        if (token == null && webSocket) {
            token = request.getQueryParams().getFirst(TOKEN_PARAM);
            if (token == null) {
                token = protocolToken(headers);
                fromSubprotocol = token != null;
            }
        }
        if (token == null) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED, AUTHENTICATION_REQUIRED);
        }
        VerifiedToken verified = verifier.verify(token);
        if (verified == null) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            return ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED, INVALID_TOKEN);
        }
        exchange.getAttributes().put(VERIFIED_TOKEN_ATTRIBUTE, verified);
        if (fromSubprotocol) {
            exchange.getAttributes().put(SUBPROTOCOL_TOKEN_ATTRIBUTE, Boolean.TRUE);
        }
        if (webSocket && request.getQueryParams().containsKey(TOKEN_PARAM)) {
            URI stripped = withoutTokenParam(request.getURI());
            return chain.filter(exchange.mutate().request(r -> r.uri(stripped)).build());
        }
        return chain.filter(exchange);
    }

    private static @Nullable String bearerToken(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (value == null || value.length() <= BEARER.length()
                || !value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** A JWT offered as a WebSocket subprotocol, e.g. {@code Sec-WebSocket-Protocol: bearer, eyJ...}. */
    private static @Nullable String protocolToken(HttpHeaders headers) {
        List<String> values = headers.get("Sec-WebSocket-Protocol");
        if (values == null) {
            return null;
        }
        for (String value : values) {
            for (String protocol : value.split(",")) {
                String candidate = protocol.trim();
                if (candidate.startsWith("eyJ") && candidate.chars().filter(c -> c == '.').count() == 2) {
                    return candidate;
                }
            }
        }
        return null;
    }

    static boolean isCleanPath(String rawPath) {
        if (rawPath.indexOf('%') < 0 && rawPath.indexOf('.') < 0 && rawPath.indexOf('\\') < 0) {
            return true; // the common case, decided without splitting
        }
        if (rawPath.indexOf('\\') >= 0) {
            return false;
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    static URI withoutTokenParam(URI uri) {
        StringBuilder query = new StringBuilder();
        for (String pair : uri.getRawQuery().split("&")) {
            if (pair.isEmpty() || pair.equals(TOKEN_PARAM) || pair.startsWith(TOKEN_PARAM + "=")) {
                continue;
            }
            query.append(query.isEmpty() ? "" : "&").append(pair);
        }
        StringBuilder out = new StringBuilder();
        out.append(uri.getScheme()).append("://").append(uri.getRawAuthority()).append(uri.getRawPath());
        if (!query.isEmpty()) {
            out.append('?').append(query);
        }
        return URI.create(out.toString());
    }
}
