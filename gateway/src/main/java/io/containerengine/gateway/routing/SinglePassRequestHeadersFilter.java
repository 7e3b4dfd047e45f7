package io.containerengine.gateway.routing;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.gateway.auth.IdentityHeaderFilter;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The request side of every proxied HTTP call, in one copy of the headers instead of one per filter: exactly what
 * Spring Cloud Gateway's default request header filters plus ours do in their order (checked header for header
 * by {@code SinglePassRequestHeadersFilterTest}):
 * <ol>
 * <li>RemoveForwardedHeadersFilter / RemoveXForwardedHeadersFilter (no trusted proxies): drop {@code Forwarded}
 * and every {@code X-Forwarded-*};</li>
 * <li>TransferEncodingNormalizationHeadersFilter: {@code Transfer-Encoding: chunked} with a {@code Content-Length}
 * loses the length (request smuggling);</li>
 * <li>{@link EdgeForwardedHeadersFilter}: the X-Forwarded values the gateway saw;</li>
 * <li>{@link IdentityHeaderFilter}: no client {@code X-CE-Identity}, the signed one for an authenticated caller
 * (and no API key downstream);</li>
 * <li>RemoveHopByHopHeadersFilter: the hop-by-hop headers and any header the {@code Connection} header names
 * (applied to the headers added above too, as the original order does);</li>
 * <li>GRPCRequestHeadersFilter: {@code te: trailers} for gRPC content.</li>
 * </ol>
 * Only used when the gateway's request header filters are exactly those (see {@link EdgeNettyRoutingFilter});
 * WebSocket upgrades still go through the individual filters.
 */
public final class SinglePassRequestHeadersFilter implements HttpHeadersFilter {

    private static final String TRANSFER_ENCODING = "Transfer-Encoding";
    private static final String CONTENT_LENGTH = "Content-Length";
    private static final String FORWARDED = "Forwarded";
    private static final String X_FORWARDED_PREFIX = "x-forwarded-";
    /** Package-private in Spring; only its unmodified instances are read through their Netty headers. */
    private static final Class<?> REACTOR_REQUEST = reactorRequestClass();

    private final EdgeForwardedHeadersFilter forwarded;
    private final IdentityHeaderFilter identity;
    private final Set<String> hopByHop;
    private final boolean grpc;

    /**
     * @param hopByHop lower-case names RemoveHopByHopHeadersFilter is configured with
     * @param grpc     whether GRPCRequestHeadersFilter is registered (it is unless HTTP/2 is disabled)
     */
    public SinglePassRequestHeadersFilter(EdgeForwardedHeadersFilter forwarded, IdentityHeaderFilter identity,
            Set<String> hopByHop, boolean grpc) {
        this.forwarded = forwarded;
        this.identity = identity;
        this.hopByHop = Set.copyOf(hopByHop);
        this.grpc = grpc;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        return filter(input, nativeHeaders(input, exchange), exchange);
    }

    /**
     * As {@link #filter(HttpHeaders, ServerWebExchange)}; {@code nativeHeaders}, when given, are the very headers
     * {@code input} wraps, iterated directly (no list per header name, no case-insensitive view).
     */
    HttpHeaders filter(HttpHeaders input, io.netty.handler.codec.http.@Nullable HttpHeaders nativeHeaders,
            ServerWebExchange exchange) {
        String transferEncoding = input.getFirst(TRANSFER_ENCODING);
        boolean dropContentLength = transferEncoding != null && "chunked".equalsIgnoreCase(transferEncoding.trim())
                && input.containsHeader(CONTENT_LENGTH);
        Set<String> connectionNamed = connectionNamed(input);
        HttpHeaders out = new HttpHeaders();
        if (nativeHeaders != null) {
            Iterator<Map.Entry<CharSequence, CharSequence>> it = nativeHeaders.iteratorCharSequence();
            while (it.hasNext()) {
                Map.Entry<CharSequence, CharSequence> header = it.next();
                String name = header.getKey().toString();
                if (kept(name, dropContentLength, connectionNamed)) {
                    out.add(name, header.getValue().toString());
                }
            }
        } else {
            input.forEach((name, values) -> {
                if (kept(name, dropContentLength, connectionNamed)) {
                    out.addAll(name, values);
                }
            });
        }
        forwarded.addTo(out, exchange);
        identity.applyTo(out, exchange);
        if (connectionNamed != null) {
            // headers named in Connection go even when added above (RemoveHopByHopHeadersFilter runs last)
            List<String> named = out.headerNames().stream()
                    .filter(name -> connectionNamed.contains(name.toLowerCase(Locale.ROOT))).toList();
            named.forEach(out::remove);
        }
        if (grpc && StringUtils.startsWithIgnoreCase(out.getFirst(HttpHeaders.CONTENT_TYPE), "application/grpc")) {
            out.add("te", "trailers");
        }
        return out;
    }

    private boolean kept(String name, boolean dropContentLength, @Nullable Set<String> connectionNamed) {
        return !(name.equalsIgnoreCase(FORWARDED) || name.regionMatches(true, 0, X_FORWARDED_PREFIX, 0, 12)
                || (dropContentLength && name.equalsIgnoreCase(CONTENT_LENGTH))
                || removedAsHopByHop(name, connectionNamed));
    }

    /**
     * The Netty headers behind {@code input} when it is the unmodified request of a Reactor Netty server (the
     * usual case); null otherwise (a mutated or decorated request may carry other headers than its native one).
     */
    private static io.netty.handler.codec.http.@Nullable HttpHeaders nativeHeaders(HttpHeaders input,
            ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders() != input || request.getClass() != REACTOR_REQUEST) {
            return null;
        }
        Object nativeRequest = ((AbstractServerHttpRequest) request).getNativeRequest();
        return nativeRequest instanceof HttpServerRequest server ? server.requestHeaders() : null;
    }

    private boolean removedAsHopByHop(String name, @Nullable Set<String> connectionNamed) {
        String lower = name.toLowerCase(Locale.ROOT); // the same instance when already lower case
        return hopByHop.contains(lower) || (connectionNamed != null && connectionNamed.contains(lower));
    }

    private static @Nullable Class<?> reactorRequestClass() {
        try {
            return Class.forName("org.springframework.http.server.reactive.ReactorServerHttpRequest");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Lower-case names listed in the Connection header, or null when it lists none (the common case). */
    private static @Nullable Set<String> connectionNamed(HttpHeaders input) {
        if (!input.containsHeader(HttpHeaders.CONNECTION)) {
            return null;
        }
        List<String> listed = input.getConnection();
        if (listed.isEmpty()) {
            return null;
        }
        Set<String> names = new HashSet<>();
        for (String name : listed) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
