package io.containerengine.apikeys.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.apikeys.AbstractApiKeyIT;
import io.containerengine.apikeys.TestHttp.Response;
import io.containerengine.common.identity.InternalIdentity;

class BodyLimitIT extends AbstractApiKeyIT {

    static final String HUGE = "{\"name\":\"" + "n".repeat(70 * 1024) + "\"}";

    @Test
    void refusesABodyOver64KiBWith413InTheErrorShape() {
        Response response = http.post("/v1/api-keys", HUGE, identity(newUser()));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Request body too large");
    }

    @Test
    void refusesAChunkedBodyOver64KiBWhileReadingIt() {
        byte[] bytes = HUGE.getBytes(StandardCharsets.UTF_8);
        String identity = identity(UUID.randomUUID());

        Response response = http.send("/v1/api-keys", request -> request
                .header("Content-Type", "application/json")
                .header(InternalIdentity.HEADER, identity)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));

        assertThat(response.status()).as(response.toString()).isEqualTo(413);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Request body too large");
    }
}
