package io.containerengine.gateway.routing;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * RemoveHopByHopHeadersFilter's response side (the hop-by-hop headers and those the upstream's {@code Connection}
 * names are not passed to the client), without copying the headers when there is nothing to drop, which is the
 * usual upstream answer.
 */
final class HopByHopResponseHeadersFilter implements HttpHeadersFilter {

    private final Set<String> hopByHop;

    /** @param hopByHop lower-case names RemoveHopByHopHeadersFilter is configured with */
    HopByHopResponseHeadersFilter(Set<String> hopByHop) {
        this.hopByHop = Set.copyOf(hopByHop);
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        Set<String> dropped = dropped(input);
        if (dropped == null) {
            return input;
        }
        HttpHeaders out = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!dropped.contains(name.toLowerCase(Locale.ROOT))) {
                out.addAll(name, values);
            }
        });
        return out;
    }

    /** The lower-case names to drop, or null when no header of {@code input} is one. */
    private @Nullable Set<String> dropped(HttpHeaders input) {
        boolean any = input.containsHeader(HttpHeaders.CONNECTION);
        for (String name : input.headerNames()) {
            if (hopByHop.contains(name.toLowerCase(Locale.ROOT))) {
                any = true;
                break;
            }
        }
        if (!any) {
            return null;
        }
        Set<String> dropped = new HashSet<>(hopByHop);
        for (String name : input.getConnection()) {
            dropped.add(name.toLowerCase(Locale.ROOT));
        }
        return dropped;
    }
}
