package io.containerengine.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.containerengine.auth.AbstractAuthIT;
import io.containerengine.auth.TestHttp.Response;

class ErrorShapeIT extends AbstractAuthIT {

    @Test
    void unknownPathIs404InErrorShape() {
        Response response = http.get("/v1/nothing-here", identity(UUID.randomUUID()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").get("message").asString()).isEqualTo("Not found");
    }

    @Test
    void wrongMethodIs405InErrorShape() {
        Response response = http.get("/v1/auth/login", identity(UUID.randomUUID()));

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
