package io.containerengine.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.gateway.routing.SinglePassRequestHeadersFilter;
import io.containerengine.gateway.support.GatewayItSupport;
import io.containerengine.gateway.support.Tokens;

class ApiGatewayIT extends GatewayItSupport {

    private final UUID user = UUID.randomUUID();

    @Autowired
    private NettyRoutingFilter routingFilter;
    @Autowired
    private List<GlobalFilter> globalFilters;

    @Test
    void proxiesHttpWithTheOnePassRequestHeadersAndNoUnusedGlobalFilters() {
        // the registered request header filters are the defaults the one pass reproduces (no silent fallback)
        assertThat(routingFilter.getHeadersFilters().get(0)).isInstanceOf(SinglePassRequestHeadersFilter.class);
        assertThat(globalFilters).extracting(f -> f.getClass().getSimpleName()).containsExactlyInAnyOrder(
                "RouteToRequestUrlFilter", "EdgeNettyRoutingFilter", "NettyWriteResponseFilter",
                "WebsocketRoutingFilter", "NoLoadBalancerClientFilter");
    }

    @Test
    void healthAnswersWithTheServiceShape() {
        client().get().uri("/health").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("""
                        {"status":"healthy","service":"container-engine","version":"0.1.0"}""", true);
    }

    @Test
    void proxiesAuthenticatedCallWithSignedIdentityOfTheTokenUser() {
        client().get().uri("/v1/deployments?page=2")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user))
                .header("X-Forwarded-For", "203.0.113.9")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.server").isEqualTo("deployments")
                .jsonPath("$.path").isEqualTo("/v1/deployments")
                .jsonPath("$.query").isEqualTo("page=2")
                .jsonPath("$.identity_user").isEqualTo(user.toString())
                .jsonPath("$.headers['x-forwarded-for']").isEqualTo("127.0.0.1");
    }

    @Test
    void routesEachApiPrefixToItsService() {
        String bearer = "Bearer " + Tokens.access(user);
        client().get().uri("/v1/user/profile").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.server").isEqualTo("auth");
        client().post().uri("/v1/auth/logout").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.server").isEqualTo("auth");
        client().get().uri("/v1/notifications/stats").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.server").isEqualTo("notifications");
        client().get().uri("/v1/deployments/" + UUID.randomUUID() + "/logs").header(HttpHeaders.AUTHORIZATION, bearer)
                .exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.server").isEqualTo("deployments");
    }

    @Test
    void routesWebhooksToNotificationService() {
        client().get().uri("/v1/webhooks").header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.server").isEqualTo("notifications")
                .jsonPath("$.identity_user").isEqualTo(user.toString());
        client().delete().uri("/v1/webhooks/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.server").isEqualTo("notifications");
        expect401(client().get().uri("/v1/webhooks").exchange(), "Authentication required");
    }

    @Test
    void streamsRequestBodiesThrough() {
        String body = "{\"app_name\":\"" + "x".repeat(100_000) + "\"}";
        client().post().uri("/v1/deployments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.body_length").isEqualTo(body.length());
    }

    @Test
    void replacesClientSentIdentityOnAuthenticatedCall() {
        String forged = new InternalIdentity(Tokens.IDENTITY_SECRET).sign(UUID.randomUUID());
        client().get().uri("/v1/deployments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user))
                .header(InternalIdentity.HEADER, forged)
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.identity_user").isEqualTo(user.toString());
    }

    @Test
    void removesClientSentIdentityOnPublicPath() {
        String forged = new InternalIdentity(Tokens.IDENTITY_SECRET).sign(UUID.randomUUID());
        client().post().uri("/v1/auth/login")
                .header(InternalIdentity.HEADER, forged)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"email\":\"a@b.c\",\"password\":\"secret\"}")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.server").isEqualTo("auth")
                .jsonPath("$.identity_user").isEqualTo("none")
                .jsonPath("$.headers['x-ce-identity']").doesNotExist();
    }

    @Test
    void publicAuthCallsNeedNoToken() {
        for (String path : new String[] {"/v1/auth/register", "/v1/auth/login", "/v1/auth/refresh",
                "/v1/auth/forgot-password", "/v1/auth/reset-password"}) {
            client().post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.path").isEqualTo(path);
        }
        client().get().uri("/v1/ws/health").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.server").isEqualTo("notifications");
    }

    @Test
    void missingTokenIs401WithErrorShape() {
        expect401(client().get().uri("/v1/deployments").exchange(), "Authentication required");
        expect401(client().get().uri("/v1/deployments")
                .header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").exchange(), "Authentication required");
        // a public path is public for its method only
        expect401(client().get().uri("/v1/auth/login").exchange(), "Authentication required");
    }

    @Test
    void refreshExpiredAndGarbageTokensAre401() {
        expect401(client().get().uri("/v1/deployments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.refresh(user)).exchange(),
                "Invalid or expired token");
        String expired = Tokens.token(Tokens.JWT_SECRET, "container-engine", "access", user.toString(),
                Instant.now().minusSeconds(5));
        expect401(client().get().uri("/v1/api-keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + expired).exchange(), "Invalid or expired token");
        expect401(client().get().uri("/v1/user/profile")
                .header(HttpHeaders.AUTHORIZATION, "Bearer garbage").exchange(), "Invalid or expired token");
    }

    @Test
    void internalPathsAreNotReachableFromOutside() {
        String bearer = "Bearer " + Tokens.access(user);
        client().get().uri("/internal/routes").header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.message").isEqualTo("Not found");
        client().get().uri(URI.create("http://127.0.0.1:" + port + "/v1/deployments/../../internal/routes"))
                .header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.message").isEqualTo("Invalid request path");
        int before = DEPLOYMENTS.requestCount();
        client().get().uri(URI.create("http://127.0.0.1:" + port + "/v1/deployments/%2e%2e/%2e%2e/internal/routes"))
                .header(HttpHeaders.AUTHORIZATION, bearer).exchange()
                .expectStatus().isBadRequest();
        assertThat(DEPLOYMENTS.requestCount()).isEqualTo(before);
    }

    @Test
    void unknownPathsAre404WithErrorShape() {
        client().get().uri("/v1/nothing-here").header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user))
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"error\":{\"message\":\"Not found\"}}", true);
        client().get().uri("/favicon.ico").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.message").isEqualTo("Not found");
    }

    @Test
    void serviceThatIsDownIs503WithErrorShape() {
        client().get().uri("/v1/api-keys").header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.access(user))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"error\":{\"message\":\"Service unavailable\"}}", true);
    }

    @Test
    void tokenQueryParameterWorksOnWebSocketPathsAndIsStripped() {
        client().get().uri("/v1/ws/notifications?since=5&token=" + Tokens.access(user))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.query").isEqualTo("since=5")
                .jsonPath("$.identity_user").isEqualTo(user.toString());
        // but not elsewhere
        expect401(client().get().uri("/v1/deployments?token=" + Tokens.access(user)).exchange(),
                "Authentication required");
    }

    private static void expect401(WebTestClient.ResponseSpec response, String message) {
        response.expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().json("{\"error\":{\"message\":\"" + message + "\"}}", true);
    }
}
