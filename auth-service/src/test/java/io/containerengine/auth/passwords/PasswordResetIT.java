package io.containerengine.auth.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp;
import io.containerengine.auth.TestHttp.Response;
import io.containerengine.common.crypto.SecretBox;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.EventTypes;
import io.containerengine.contracts.PasswordResetRequested;
import io.containerengine.contracts.SessionsRevoked;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import tools.jackson.databind.JsonNode;

class PasswordResetIT extends AbstractAuthIT {

    static final String MESSAGE = "If an account with that email exists, a password reset link has been sent.";
    static final String NEW_PASSWORD = "velvet-harbor-compass";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    StringRedisTemplate redis;

    final SecretBox secrets = new SecretBox(SECRETS_KEY);

    @Test
    void forgotPasswordAnswersTheSameForKnownAndUnknownEmails() {
        JsonNode session = register();

        Response known = http.post("/v1/auth/forgot-password", forgot(session.get("user").get("email").asString()));
        Response unknown = http.post("/v1/auth/forgot-password", forgot(unique() + "@example.com"));

        assertThat(known.status()).isEqualTo(200);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(unknown.body()).isEqualTo("{\"message\":\"" + MESSAGE + "\"}");
        assertThat(known.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
    }

    @Test
    void emitsTheSealedResetLinkWithEverythingTheEmailNeeds() {
        JsonNode session = register();
        UUID user = userId(session);
        String email = session.get("user").get("email").asString();
        Instant before = Instant.now();

        http.post("/v1/auth/forgot-password", forgot(email.toUpperCase()));

        EventEnvelope event = events().awaitOne(user, EventTypes.USER_PASSWORD_RESET_REQUESTED);
        PasswordResetRequested reset = event.payloadAs(PasswordResetRequested.class);
        assertThat(reset.userId()).isEqualTo(user);
        assertThat(reset.email()).isEqualTo(email);
        assertThat(reset.username()).isEqualTo(session.get("user").get("username").asString());
        assertThat(reset.expiresAt()).isBetween(before.plus(Duration.ofMinutes(29)), before.plus(Duration.ofMinutes(31)));
        String link = secrets.decrypt(reset.resetLinkCiphertext());
        assertThat(link).matches("http://localhost:3000/reset-password\\?token=[A-Za-z0-9_-]{43}");
        // The token is nowhere in clear: not in the event, not in the database.
        String token = tokenOf(link);
        assertThat(EventJsonText.of(event)).doesNotContain(token);
        List<String> stored = jdbc.sql("select token_hash from password_reset_tokens where user_id = ?").param(user)
                .query(String.class).list();
        assertThat(stored).containsExactly(PasswordService.sha256(token));
    }

    @Test
    void resetWorksOnceWithTheEmailedTokenAndEndsEverySession() {
        JsonNode session = register();
        UUID user = userId(session);
        String email = session.get("user").get("email").asString();
        String token = requestToken(user, email);

        Response reset = http.post("/v1/auth/reset-password", reset(token, NEW_PASSWORD));

        assertThat(reset.status()).as(reset.toString()).isEqualTo(200);
        assertThat(reset.body()).isEqualTo("{\"message\":\"Password reset successfully\"}");
        assertThat(http.post("/v1/auth/login", login(email, PASSWORD)).status()).isEqualTo(401);
        assertThat(http.post("/v1/auth/login", login(email, NEW_PASSWORD)).status()).isEqualTo(200);
        assertThat(http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString())).status())
                .isEqualTo(401);
        SessionsRevoked revoked = events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED)
                .payloadAs(SessionsRevoked.class);
        assertThat(revoked.reason()).isEqualTo("password_reset");
        assertThat(revoked.sessionIds()).isEmpty();
        assertThat(revoked.notBefore()).isNotNull();
        assertThat(redis.opsForValue().get("ce:user-not-before:" + user))
                .isEqualTo(String.valueOf(revoked.notBefore().getEpochSecond()));
        assertThat(redis.getExpire("ce:user-not-before:" + user)).isBetween(3500L, 3600L);

        Response again = http.post("/v1/auth/reset-password", reset(token, "another-fine-phrase"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("error").get("message").asString()).isEqualTo("Reset token has already been used");
    }

    @Test
    void tokensBeforeTheResetFallBelowItsNotBeforeAndALoginRightAfterItIsAbove() {
        JsonNode session = register();
        UUID user = userId(session);
        String email = session.get("user").get("email").asString();
        String token = requestToken(user, email);
        Instant before = issuedAt(session.get("access_token").asString());

        assertThat(http.post("/v1/auth/reset-password", reset(token, NEW_PASSWORD)).status()).isEqualTo(200);
        Response login = http.post("/v1/auth/login", login(email, NEW_PASSWORD));

        SessionsRevoked revoked = events().awaitOne(user, EventTypes.USER_SESSIONS_REVOKED)
                .payloadAs(SessionsRevoked.class);
        Instant notBefore = revoked.notBefore();
        // rounded up: even a token of the reset's own second is older than the not-before (the gateway refuses
        // iat < not_before), and Redis and the database hold the same value
        assertThat(notBefore.getNano()).isZero();
        assertThat(before).isBefore(notBefore);
        assertThat(redis.opsForValue().get("ce:user-not-before:" + user))
                .isEqualTo(String.valueOf(notBefore.getEpochSecond()));
        assertThat(jdbc.sql("select tokens_not_before from users where id = ?").param(user)
                .query(java.time.OffsetDateTime.class).single().toInstant()).isEqualTo(notBefore);
        // the login that followed at once is not refused: iat >= not_before, with exp and expires_at consistent
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        Instant loginIat = issuedAt(login.json().get("access_token").asString());
        assertThat(loginIat).isAfterOrEqualTo(notBefore);
        assertThat(Instant.parse(login.json().get("expires_at").asString())).isEqualTo(loginIat.plus(Duration.ofHours(1)));
        assertThat(issuedAt(login.json().get("refresh_token").asString())).isAfterOrEqualTo(notBefore);
        Response refreshed = http.post("/v1/auth/refresh", refresh(login.json().get("refresh_token").asString()));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(issuedAt(refreshed.json().get("access_token").asString())).isAfterOrEqualTo(notBefore);
    }

    @Test
    void aSessionTheResetMissedCannotRefreshEither() {
        JsonNode session = register();
        UUID user = userId(session);
        String token = requestToken(user, session.get("user").get("email").asString());
        assertThat(http.post("/v1/auth/reset-password", reset(token, NEW_PASSWORD)).status()).isEqualTo(200);

        // as if the session had been opened by a login racing the reset, after its revocation ran
        jdbc.sql("update sessions set revoked_at = null, revoke_reason = null where user_id = ?").param(user).update();

        assertThat(http.post("/v1/auth/refresh", refresh(session.get("refresh_token").asString())).status())
                .isEqualTo(401);
    }

    @Test
    void refusesAnExpiredTokenWithAClearMessage() {
        JsonNode session = register();
        UUID user = userId(session);
        String token = requestToken(user, session.get("user").get("email").asString());
        jdbc.sql("update password_reset_tokens set expires_at = now() - interval '1 second' where user_id = ?")
                .param(user).update();

        Response response = http.post("/v1/auth/reset-password", reset(token, NEW_PASSWORD));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Reset token has expired");
        assertThat(http.post("/v1/auth/login", login(session.get("user").get("email").asString(), PASSWORD))
                .status()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownToken() {
        Response response = http.post("/v1/auth/reset-password", reset("not-a-token-we-issued", NEW_PASSWORD));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Invalid reset token");
    }

    @Test
    void appliesThePasswordPolicyWithoutSpendingTheToken() {
        JsonNode session = register();
        UUID user = userId(session);
        String token = requestToken(user, session.get("user").get("email").asString());

        Response weak = http.post("/v1/auth/reset-password", reset(token, "qwertyui"));
        Response good = http.post("/v1/auth/reset-password", reset(token, NEW_PASSWORD));

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().get("error").get("details").asString()).startsWith("new_password:");
        assertThat(good.status()).as(good.toString()).isEqualTo(200);
    }

    @Test
    void onlyTheNewestLinkWorks() {
        JsonNode session = register();
        UUID user = userId(session);
        String email = session.get("user").get("email").asString();
        String older = requestToken(user, email);
        http.post("/v1/auth/forgot-password", forgot(email));
        String newer = tokenOf(secrets.decrypt(events().await(user, EventTypes.USER_PASSWORD_RESET_REQUESTED, 2)
                .get(1).payloadAs(PasswordResetRequested.class).resetLinkCiphertext()));

        assertThat(http.post("/v1/auth/reset-password", reset(older, NEW_PASSWORD)).status()).isEqualTo(400);
        assertThat(http.post("/v1/auth/reset-password", reset(newer, NEW_PASSWORD)).status()).isEqualTo(200);
    }

    @Test
    void refusesMissingFields() {
        assertThat(http.post("/v1/auth/forgot-password", "{}").status()).isEqualTo(400);
        assertThat(http.post("/v1/auth/reset-password", TestHttp.toJson(Map.of("token", "x"))).status())
                .isEqualTo(400);
    }

    private String requestToken(UUID user, String email) {
        assertThat(http.post("/v1/auth/forgot-password", forgot(email)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from password_reset_tokens where user_id = ?").param(user).query(Long.class)
                .single() > 0);
        EventEnvelope event = events().awaitOne(user, EventTypes.USER_PASSWORD_RESET_REQUESTED);
        return tokenOf(secrets.decrypt(event.payloadAs(PasswordResetRequested.class).resetLinkCiphertext()));
    }

    private static Instant issuedAt(String jwt) {
        return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(JWT_SECRET.getBytes(StandardCharsets.UTF_8))).build()
                .parseSignedClaims(jwt).getPayload().getIssuedAt().toInstant();
    }

    private static String tokenOf(String link) {
        return link.substring(link.indexOf("token=") + "token=".length());
    }

    private static String forgot(String email) {
        return TestHttp.toJson(Map.of("email", email));
    }

    private static String reset(String token, String password) {
        return TestHttp.toJson(Map.of("token", token, "new_password", password));
    }

    private static final class EventJsonText {
        static String of(EventEnvelope event) {
            return io.containerengine.contracts.EventJson.write(event);
        }
    }
}
