package io.containerengine.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiExceptionHandlerTest {

    @Test
    void namesFieldsInSnakeCase() {
        assertThat(ApiExceptionHandler.snakeCase("confirmPassword")).isEqualTo("confirm_password");
        assertThat(ApiExceptionHandler.snakeCase("email")).isEqualTo("email");
    }
}
