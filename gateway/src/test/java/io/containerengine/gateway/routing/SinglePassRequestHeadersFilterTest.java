package io.containerengine.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.headers.GRPCRequestHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.GRPCResponseHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveXForwardedHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TransferEncodingNormalizationHeadersFilter;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.gateway.auth.AuthenticatedCaller;
import io.containerengine.gateway.auth.AuthenticationWebFilter;
import io.containerengine.gateway.auth.IdentityHeaderFilter;
import io.containerengine.gateway.support.Tokens;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;

/** The one-pass request headers are exactly what Spring Cloud Gateway's default chain plus ours produce. */
class SinglePassRequestHeadersFilterTest {

    private static final InternalIdentity IDENTITY = new InternalIdentity(Tokens.IDENTITY_SECRET);

    /** The request header filters as the gateway registers them, sorted as NettyRoutingFilter gets them. */
    private static List<HttpHeadersFilter> registered() {
        List<HttpHeadersFilter> filters = new ArrayList<>(List.of(new IdentityHeaderFilter(IDENTITY),
                new GRPCRequestHeadersFilter(), new RemoveHopByHopHeadersFilter(), new EdgeForwardedHeadersFilter(),
                new GRPCResponseHeadersFilter(), new TransferEncodingNormalizationHeadersFilter(),
                new RemoveXForwardedHeadersFilter(), new RemoveForwardedHeadersFilter()));
        filters.sort(AnnotationAwareOrderComparator.INSTANCE);
        return filters;
    }

    private static AuthenticatedCaller caller(boolean forwardsCredential) {
        return new AuthenticatedCaller(UUID.randomUUID()) {
            @Override
            public boolean forwardsCredential() {
                return forwardsCredential;
            }
        };
    }

    private static void assertSameAsChain(UnaryOperator<MockServerHttpRequest.BaseBuilder<?>> request,
            AuthenticatedCaller caller) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request.apply(
                MockServerHttpRequest.get("http://api.example.com:8443/v1/deployments?x=1")
                        .remoteAddress(new InetSocketAddress("10.1.2.3", 40000))).build());
        if (caller != null) {
            exchange.getAttributes().put(AuthenticationWebFilter.VERIFIED_TOKEN_ATTRIBUTE, caller);
        }
        List<HttpHeadersFilter> chain = registered();
        List<HttpHeadersFilter> singlePass = EdgeNettyRoutingFilter.singlePass(chain);
        assertThat(singlePass.get(0)).isInstanceOf(SinglePassRequestHeadersFilter.class);

        Map<String, List<String>> expected = normalised(HttpHeadersFilter.filterRequest(chain, exchange));
        Map<String, List<String>> actual = normalised(HttpHeadersFilter.filterRequest(singlePass, exchange));
        assertThat(actual).isEqualTo(expected);

        // the path reading a Reactor Netty request's own headers
        io.netty.handler.codec.http.HttpHeaders nettyHeaders = DefaultHttpHeadersFactory.headersFactory()
                .withValidation(false).newHeaders();
        exchange.getRequest().getHeaders().forEach((name, values) -> values.forEach(v -> nettyHeaders.add(name, v)));
        HttpHeaders fromNative = ((SinglePassRequestHeadersFilter) singlePass.get(0))
                .filter(exchange.getRequest().getHeaders(), nettyHeaders, exchange);
        assertThat(normalised(fromNative)).isEqualTo(expected);
    }

    private static Map<String, List<String>> normalised(HttpHeaders headers) {
        Map<String, List<String>> out = new TreeMap<>();
        headers.forEach((name, values) -> out.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        return out;
    }

    @Test
    void plainRequestWithAccessTokenMatchesTheChain() {
        assertSameAsChain(r -> r.header("Authorization", "Bearer eyJ.a.b").header("Accept", "application/json")
                .header("User-Agent", "test"), caller(true));
    }

    @Test
    void apiKeyCallerLosesItsKeyAsInTheChain() {
        AuthenticatedCaller caller = caller(false);
        assertSameAsChain(r -> r.header("Authorization", "Bearer ce_live_abcdefghijklmnopqrstu"), caller);
    }

    @Test
    void clientForwardingAndIdentityHeadersAreDroppedAsInTheChain() {
        assertSameAsChain(r -> r.header("Forwarded", "for=1.2.3.4").header("X-Forwarded-For", "1.2.3.4")
                .header("x-forwarded-prefix", "/evil").header("X-Forwarded-Host", "evil.com")
                .header(InternalIdentity.HEADER, "v1.forged").header("X-Other", "a", "b"), caller(true));
        assertSameAsChain(r -> r.header(InternalIdentity.HEADER, "v1.forged"), null);
    }

    @Test
    void hopByHopAndConnectionNamedHeadersAreDroppedAsInTheChain() {
        assertSameAsChain(r -> r.header("Connection", "keep-alive, X-Custom, X-CE-Identity, x-forwarded-for")
                .header("Keep-Alive", "timeout=5").header("X-Custom", "1").header("TE", "gzip")
                .header("Proxy-Authorization", "Basic x").header("Upgrade", "h2c").header("Trailer", "x")
                .header("X-Application-Context", "app"), caller(true));
        assertSameAsChain(r -> r.header("Connection", "Authorization"), caller(true));
    }

    @Test
    void chunkedRequestWithContentLengthLosesTheLengthAsInTheChain() {
        assertSameAsChain(r -> r.header("Transfer-Encoding", " Chunked ").header("Content-Length", "12"), null);
        assertSameAsChain(r -> r.header("Content-Length", "12"), caller(true));
    }

    @Test
    void grpcRequestGetsTeTrailersAsInTheChain() {
        assertSameAsChain(r -> r.header("Content-Type", "application/grpc+proto").header("TE", "trailers"),
                caller(true));
    }

    private static void assertResponseSameAsChain(HttpHeaders upstream) {
        List<HttpHeadersFilter> singlePass = EdgeNettyRoutingFilter.singlePass(registered());
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/x"));
        HttpHeaders filtered = HttpHeadersFilter.filter(singlePass, upstream, exchange, HttpHeadersFilter.Type.RESPONSE);
        assertThat(normalised(filtered)).isEqualTo(normalised(
                HttpHeadersFilter.filter(registered(), upstream, exchange, HttpHeadersFilter.Type.RESPONSE)));
    }

    @Test
    void responseHeadersAreFilteredAsByTheRegisteredResponseFilters() {
        HttpHeaders plain = new HttpHeaders();
        plain.add("Content-Type", "application/json");
        plain.add("Content-Length", "12");
        plain.add("Set-Cookie", "a=1");
        plain.add("Set-Cookie", "b=2");
        assertResponseSameAsChain(plain);

        HttpHeaders hopByHop = new HttpHeaders();
        hopByHop.add("Connection", "close, X-Internal");
        hopByHop.add("Keep-Alive", "timeout=5");
        hopByHop.add("X-Internal", "secret");
        hopByHop.add("Transfer-Encoding", "chunked");
        hopByHop.add("Content-Type", "application/json");
        assertResponseSameAsChain(hopByHop);

        HttpHeaders grpc = new HttpHeaders();
        grpc.add("Content-Type", "application/grpc");
        grpc.add("Upgrade", "h2c");
        assertResponseSameAsChain(grpc);
    }

    @Test
    void responseWithoutHopByHopHeadersIsNotCopied() {
        HttpHeaders plain = new HttpHeaders();
        plain.add("Content-Type", "application/json");
        HopByHopResponseHeadersFilter filter = new HopByHopResponseHeadersFilter(
                RemoveHopByHopHeadersFilter.HEADERS_REMOVED_ON_REQUEST);
        assertThat(filter.filter(plain, MockServerWebExchange.from(MockServerHttpRequest.get("/")))).isSameAs(plain);
    }

    @Test
    void unknownRequestFilterKeepsTheFullChain() {
        List<HttpHeadersFilter> chain = registered();
        chain.add((input, exchange) -> input);
        assertThat(EdgeNettyRoutingFilter.singlePass(chain)).isSameAs(chain);
        List<HttpHeadersFilter> withoutHopByHop = registered().stream()
                .filter(f -> !(f instanceof RemoveHopByHopHeadersFilter)).toList();
        assertThat(EdgeNettyRoutingFilter.singlePass(withoutHopByHop)).isSameAs(withoutHopByHop);
        assertThat(registered()).isSortedAccordingTo(Comparator.comparingInt(f ->
                f instanceof org.springframework.core.Ordered o ? o.getOrder() : Integer.MAX_VALUE));
    }
}
