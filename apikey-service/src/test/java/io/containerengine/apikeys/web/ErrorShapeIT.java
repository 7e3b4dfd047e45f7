package io.containerengine.apikeys.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.apikeys.AbstractApiKeyIT;
import io.containerengine.apikeys.TestHttp.Response;

class ErrorShapeIT extends AbstractApiKeyIT {

    @Test
    void unknownPathIs404InErrorShape() {
        Response response = http.get("/v1/nothing-here", identity(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Not found");
    }

    @Test
    void wrongMethodIs405InErrorShape() {
        Response response = http.post("/v1/api-keys/" + UUID.randomUUID(), "{}", identity(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Method not allowed");
    }

    @Test
    void healthIsPublic() {
        Response response = http.get("/actuator/health", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }
}
