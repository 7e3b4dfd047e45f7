package io.containerengine.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class AuthenticationWebFilterTest {

    @Test
    void acceptsOrdinaryPaths() {
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/deployments/123/logs")).isTrue();
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/files/report.v2.json")).isTrue();
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/names/a%20b")).isTrue();
    }

    @Test
    void refusesDotSegmentsAndEncodedSeparators() {
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/deployments/../../internal/routes")).isFalse();
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/auth/login/./x")).isFalse();
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/deployments/%2e%2e/x")).isFalse();
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/deployments/a%2Fb")).isFalse();
        assertThat(AuthenticationWebFilter.isCleanPath("/v1/deployments\\..\\x")).isFalse();
    }

    @Test
    void stripsOnlyTheTokenParameter() {
        assertThat(AuthenticationWebFilter.withoutTokenParam(
                URI.create("http://gw:3000/v1/ws/notifications?token=abc&since=a%20b")))
                .isEqualTo(URI.create("http://gw:3000/v1/ws/notifications?since=a%20b"));
        assertThat(AuthenticationWebFilter.withoutTokenParam(URI.create("http://gw/v1/ws/notifications?token=abc")))
                .isEqualTo(URI.create("http://gw/v1/ws/notifications"));
        assertThat(AuthenticationWebFilter.withoutTokenParam(URI.create("http://gw/v1/ws/x?tokens=1&token")))
                .isEqualTo(URI.create("http://gw/v1/ws/x?tokens=1"));
    }
}
