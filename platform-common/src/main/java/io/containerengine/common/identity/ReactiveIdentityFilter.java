package io.containerengine.common.identity;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.containerengine.common.web.ApiError;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link ServletIdentityFilter}; the user id goes into an exchange attribute. Ordered first so
 * that no other filter sees a request before its identity is settled.
 */
public class ReactiveIdentityFilter implements WebFilter, Ordered {

    private final InternalIdentity identity;
    private final PublicPaths publicPaths;

    public ReactiveIdentityFilter(InternalIdentity identity, IdentityProperties properties) {
        this.identity = identity;
        this.publicPaths = new PublicPaths(properties.publicPaths());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(InternalIdentity.HEADER);
        Optional<UUID> user = identity.verify(header);
        if (user.isPresent()) {
            exchange.getAttributes().put(InternalIdentity.USER_ID_ATTRIBUTE, user.get());
            return chain.filter(exchange);
        }
        if (header == null && publicPaths.matches(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer body = response.bufferFactory()
                .wrap(ApiError.of("Authentication required").toJson().getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }
}
