package io.containerengine.notifications.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ApiErrorWebExceptionHandlerTest {

    private final ApiErrorWebExceptionHandler handler = new ApiErrorWebExceptionHandler();

    @Test
    void anUnexpectedErrorIs500WithoutItsInternalMessage() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/notifications/stats"));

        handler.handle(exchange, new IllegalStateException("jdbc:postgresql://secret-host password=hunter2")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo("{\"error\":{\"message\":\"Internal server error\"}}");
    }

    @Test
    void anApiExceptionKeepsItsStatusAndMessage() {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/ws/notifications"));

        handler.handle(exchange, new ApiException(HttpStatus.BAD_REQUEST, "WebSocket upgrade required")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .isEqualTo("{\"error\":{\"message\":\"WebSocket upgrade required\"}}");
    }
}
