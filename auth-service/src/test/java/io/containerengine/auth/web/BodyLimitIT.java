package io.containerengine.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp.Response;

class BodyLimitIT extends AbstractAuthIT {

    static final String HUGE = "{\"email\":\"" + "a".repeat(70 * 1024) + "@example.com\",\"password\":\"x\"}";

    @Test
    void refusesABodyOver64KiBWith413InTheErrorShape() {
        Response response = http.post("/v1/auth/login", HUGE);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Request body too large");
    }

    @Test
    void refusesAChunkedBodyOver64KiBWhileReadingIt() {
        byte[] bytes = HUGE.getBytes(StandardCharsets.UTF_8);

        // An input-stream body has no Content-Length: it travels chunked.
        Response response = http.send("/v1/auth/login", request -> request
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Request body too large");
    }

    @Test
    void acceptsOrdinaryBodies() {
        Response response = http.post("/v1/auth/login", login(unique() + "@example.com", PASSWORD));

        assertThat(response.status()).isEqualTo(401);
    }
}
