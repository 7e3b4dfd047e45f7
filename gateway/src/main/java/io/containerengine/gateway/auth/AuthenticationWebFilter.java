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
 * Guards the API: every {@code /v1/**} call except the public ones needs a valid access token or API key, taken
 * from {@code Authorization: Bearer}, or on WebSocket calls (browsers can't set headers there) from {@code ?token=}
 * (stripped before proxying) or a {@code Sec-WebSocket-Protocol} entry. A credential starting {@code ce_} without
 * dots is an API key ({@link ApiKeyCheck}, cached), anything else is tried as a JWT ({@link TokenVerifier}).
 * The authenticated caller goes into an exchange attribute; {@link IdentityHeaderFilter} turns it into the signed
 * {@code X-CE-Identity} on the proxied request and drops any client-sent one. App requests (Host routing) are
 * not API requests and pass untouched here.
 */
public class AuthenticationWebFilter implements WebFilter, Ordered {

    /** Exchange attribute holding the {@link AuthenticatedCaller} (token or API key). */
    public static final String VERIFIED_TOKEN_ATTRIBUTE = "ce.gateway.verifiedToken";
    /** Exchange attribute set when the token came as a WebSocket subprotocol. */
    static final String SUBPROTOCOL_TOKEN_ATTRIBUTE = "ce.gateway.subprotocolToken";

    static final String AUTHENTICATION_REQUIRED = "Authentication required";
    static final String INVALID_TOKEN = "Invalid or expired token";

    private static final String BEARER = "Bearer ";
    private static final String TOKEN_PARAM = "token";

    private final TokenVerifier verifier;
    private final ApiKeyCheck apiKeys;

    public AuthenticationWebFilter(TokenVerifier verifier, ApiKeyCheck apiKeys) {
        this.verifier = verifier;
        this.apiKeys = apiKeys;
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
        if (isApiKey(token)) {
            boolean subprotocol = fromSubprotocol;
            return apiKeys.check(token).flatMap(outcome -> {
                if (outcome.caller() != null) {
                    return proceed(exchange, chain, outcome.caller(), webSocket, subprotocol);
                }
                return outcome.unavailable()
                        ? ErrorResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable")
                        : invalid(exchange);
            });
        }
        VerifiedToken verified = verifier.verify(token);
        if (verified == null) {
            return invalid(exchange);
        }
        return proceed(exchange, chain, verified, webSocket, fromSubprotocol);
    }

    private static Mono<Void> proceed(ServerWebExchange exchange, WebFilterChain chain, AuthenticatedCaller caller,
            boolean webSocket, boolean fromSubprotocol) {
        exchange.getAttributes().put(VERIFIED_TOKEN_ATTRIBUTE, caller);
        if (fromSubprotocol) {
            exchange.getAttributes().put(SUBPROTOCOL_TOKEN_ATTRIBUTE, Boolean.TRUE);
        }
        ServerHttpRequest request = exchange.getRequest();
        if (webSocket && request.getQueryParams().containsKey(TOKEN_PARAM)) {
            URI stripped = withoutTokenParam(request.getURI());
            return chain.filter(exchange.mutate().request(r -> r.uri(stripped)).build());
        }
        return chain.filter(exchange);
    }

    private static Mono<Void> invalid(ServerWebExchange exchange) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        return ErrorResponses.write(exchange, HttpStatus.UNAUTHORIZED, INVALID_TOKEN);
    }

    /** API keys are {@code ce_<env>_<base64url>}: no dots, unlike a JWT (which always starts {@code eyJ}). */
    static boolean isApiKey(String credential) {
        return credential.startsWith("ce_") && credential.indexOf('.') < 0;
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

    /** A JWT or API key offered as a WebSocket subprotocol, e.g. {@code Sec-WebSocket-Protocol: bearer, eyJ...}. */
    private static @Nullable String protocolToken(HttpHeaders headers) {
        List<String> values = headers.get("Sec-WebSocket-Protocol");
        if (values == null) {
            return null;
        }
        for (String value : values) {
            for (String protocol : value.split(",")) {
                String candidate = protocol.trim();
                if ((candidate.startsWith("eyJ") && candidate.chars().filter(c -> c == '.').count() == 2)
                        || isApiKey(candidate)) {
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
