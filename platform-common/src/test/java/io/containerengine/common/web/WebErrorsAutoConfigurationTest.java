package io.containerengine.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import jakarta.servlet.RequestDispatcher;

class WebErrorsAutoConfigurationTest {

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WebErrorsAutoConfiguration.class));

    @Test
    void servletServicesGetTheJsonErrorController() {
        servlet.run(context -> assertThat(context).getBean(ErrorController.class)
                .isInstanceOf(JsonErrorController.class));
    }

    @Test
    void aServicesOwnErrorControllerWins() {
        servlet.withBean(ErrorController.class, () -> new ErrorController() { })
                .run(context -> assertThat(context).doesNotHaveBean(JsonErrorController.class));
    }

    @Test
    void reactiveServicesGetNone() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WebErrorsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(JsonErrorController.class));
    }

    @Test
    void answersWithTheReasonPhraseOrAGeneric500() {
        JsonErrorController controller = new JsonErrorController();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 404);
        ResponseEntity<ApiError> notFound = controller.error(request);
        assertThat(notFound.getStatusCode().value()).isEqualTo(404);
        assertThat(notFound.getBody()).isEqualTo(ApiError.of("Not Found"));

        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 503);
        assertThat(controller.error(request).getBody()).isEqualTo(ApiError.of("Internal server error"));

        ResponseEntity<ApiError> unknown = controller.error(new MockHttpServletRequest());
        assertThat(unknown.getStatusCode().value()).isEqualTo(500);
        assertThat(unknown.getBody()).isEqualTo(ApiError.of("Internal server error"));
    }
}
