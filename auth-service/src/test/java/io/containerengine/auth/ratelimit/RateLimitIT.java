package io.containerengine.auth.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import tools.jackson.databind.JsonNode;

/** Small limits, so that each rule shows in a few requests (real Redis). */
@TestPropertySource(properties = {
        "ce.auth.rate-limit.login.per-ip=3",
        "ce.auth.rate-limit.login.per-account=50",
        "ce.auth.rate-limit.register.per-ip=50",
        "ce.auth.rate-limit.register.per-account=2",
        "ce.auth.rate-limit.forgot-password.per-ip=3",
        "ce.auth.rate-limit.forgot-password.per-account=2",
        "ce.auth.rate-limit.refresh.per-ip=3",
        "ce.auth.rate-limit.refresh.per-account=50",
        "ce.auth.rate-limit.login-failures.max=3",
        "ce.auth.rate-limit.login-failures.window=3s" })
class RateLimitIT extends AbstractAuthIT {

    @Test
    void loginIsLimitedPerClientAddressWith429AndRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/v1/auth/login", login(unique() + "@example.com", PASSWORD)).status())
                    .isEqualTo(401);
        }

        Response limited = http.post("/v1/auth/login", login(unique() + "@example.com", PASSWORD));

        assertLimited(limited, 60);
        assertThat(new TestHttp(port).post("/v1/auth/login", login(unique() + "@example.com", PASSWORD))
                .status()).as("another client").isEqualTo(401);
    }

    @Test
    void addressesTheClientPutsInFrontOfTheGatewaysEntryDoNotEvadeTheLimit() {
        String realAddress = TestHttp.randomAddress();
        for (int i = 0; i < 3; i++) {
            http.from(TestHttp.randomAddress() + ", " + realAddress)
                    .post("/v1/auth/login", login(unique() + "@example.com", PASSWORD));
        }

        Response limited = http.from(TestHttp.randomAddress() + ", " + realAddress)
                .post("/v1/auth/login", login(unique() + "@example.com", PASSWORD));

        assertLimited(limited, 60);
    }

    @Test
    void registrationIsLimitedPerAccount() {
        String username = unique();
        String email = username + "@example.com";

        Response first = http.from(TestHttp.randomAddress()).post("/v1/auth/register",
                registerBody(username, email, PASSWORD));
        Response second = http.from(TestHttp.randomAddress()).post("/v1/auth/register",
                registerBody(unique(), email, PASSWORD));
        Response third = http.from(TestHttp.randomAddress()).post("/v1/auth/register",
                registerBody(unique(), email, PASSWORD));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertLimited(third, 3600);
    }

    @Test
    void forgotPasswordIsLimitedPerAccountAndPerAddress() {
        String email = unique() + "@example.com";
        for (int i = 0; i < 2; i++) {
            assertThat(http.from(TestHttp.randomAddress()).post("/v1/auth/forgot-password", forgot(email)).status())
                    .isEqualTo(200);
        }
        assertLimited(http.from(TestHttp.randomAddress()).post("/v1/auth/forgot-password", forgot(email)), 900);

        TestHttp client = new TestHttp(port);
        for (int i = 0; i < 3; i++) {
            assertThat(client.post("/v1/auth/forgot-password", forgot(unique() + "@example.com")).status())
                    .isEqualTo(200);
        }
        assertLimited(client.post("/v1/auth/forgot-password", forgot(unique() + "@example.com")), 900);
    }

    @Test
    void refreshIsLimitedPerAddress() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.post("/v1/auth/refresh", refresh("not.a.token")).status()).isEqualTo(401);
        }

        assertLimited(http.post("/v1/auth/refresh", refresh("not.a.token")), 60);
    }

    @Test
    void bruteForceOnOneAccountIsSlowedButTheOwnerGetsBackInOnceTheWindowPasses() {
        JsonNode session = register();
        String email = session.get("user").get("email").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(http.from(TestHttp.randomAddress()).post("/v1/auth/login", login(email, "wrong-guess-" + i))
                    .status()).isEqualTo(401);
        }

        // Even the right password waits: the attacker cannot tell a hit from a miss while the account is slowed.
        Response blocked = http.from(TestHttp.randomAddress()).post("/v1/auth/login", login(email, PASSWORD));
        assertLimited(blocked, 3);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                http.from(TestHttp.randomAddress()).post("/v1/auth/login", login(email, PASSWORD)).status() == 200);
    }

    private void assertLimited(Response response, long maxRetryAfter) {
        assertThat(response.status()).as(response.toString()).isEqualTo(429);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Too many requests");
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, maxRetryAfter);
    }

    private static String forgot(String email) {
        return TestHttp.toJson(Map.of("email", email));
    }
}
