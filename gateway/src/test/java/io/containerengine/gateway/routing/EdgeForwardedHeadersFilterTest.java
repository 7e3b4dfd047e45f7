package io.containerengine.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class EdgeForwardedHeadersFilterTest {

    static MockServerWebExchange request(String peer, String... headers) {
        MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.get("http://api.example.com:3000/v1/x")
                .remoteAddress(new InetSocketAddress(peer, 40000)).header(HttpHeaders.HOST, "api.example.com");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return MockServerWebExchange.from(builder);
    }

    static HttpHeaders forwarded(EdgeForwardedHeadersFilter filter, MockServerWebExchange exchange) {
        return filter.filter(new HttpHeaders(), exchange);
    }

    @Test
    void atTheEdgeTheClientsForwardedHeadersAreReplacedByWhatTheGatewaySaw() {
        HttpHeaders out = forwarded(new EdgeForwardedHeadersFilter(), request("203.0.113.9",
                "X-Forwarded-For", "1.2.3.4", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"));

        assertThat(out.get("X-Forwarded-For")).containsExactly("203.0.113.9");
        assertThat(out.get("X-Forwarded-Proto")).containsExactly("http");
        assertThat(out.get("X-Forwarded-Port")).containsExactly("3000");
        assertThat(out.get("X-Forwarded-Host")).containsExactly("api.example.com");
    }

    @Test
    void behindATrustedIngressTheClientSchemeAndPortAreTheIngresses() {
        var filter = new EdgeForwardedHeadersFilter(TrustedProxies.of(List.of("10.0.0.0/8")));

        HttpHeaders out = forwarded(filter, request("10.0.3.7",
                "X-Forwarded-For", "1.2.3.4, 203.0.113.9", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"));

        assertThat(out.get("X-Forwarded-For")).containsExactly("203.0.113.9");
        assertThat(out.get("X-Forwarded-Proto")).containsExactly("https");
        assertThat(out.get("X-Forwarded-Port")).containsExactly("443");
    }

    @Test
    void anUntrustedPeerCannotClaimToBeAProxy() {
        var filter = new EdgeForwardedHeadersFilter(TrustedProxies.of(List.of("10.0.0.0/8")));

        HttpHeaders out = forwarded(filter, request("203.0.113.9",
                "X-Forwarded-For", "10.0.0.1", "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443"));

        assertThat(out.get("X-Forwarded-For")).containsExactly("203.0.113.9");
        assertThat(out.get("X-Forwarded-Proto")).containsExactly("http");
        assertThat(out.get("X-Forwarded-Port")).containsExactly("3000");
    }

    @Test
    void aTrustedProxysMadeUpSchemeIsIgnored() {
        var filter = new EdgeForwardedHeadersFilter(TrustedProxies.of(List.of("10.0.0.0/8")));

        HttpHeaders out = forwarded(filter, request("10.0.3.7", "X-Forwarded-Proto", "gopher",
                "X-Forwarded-Port", "not-a-port"));

        assertThat(out.get("X-Forwarded-Proto")).containsExactly("http");
        assertThat(out.get("X-Forwarded-Port")).containsExactly("80");
        assertThat(out.get("X-Forwarded-For")).containsExactly("10.0.3.7");
    }
}
