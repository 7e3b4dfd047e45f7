package io.containerengine.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

class BaseApiExceptionHandlerTest {

    record Body(String name) {
    }

    record Sized(int count, java.util.List<Integer> sizes, Body inner) {
    }

    static class TeapotException extends ApiException {
        TeapotException() {
            super(HttpStatus.I_AM_A_TEAPOT, "Teapot", "short and stout");
        }
    }

    @RestController
    static class Endpoints {
        @GetMapping("/things/{id}")
        String thing(@PathVariable UUID id) {
            return "ok";
        }

        @PostMapping("/things")
        String create(@RequestBody Body body) {
            return "ok";
        }

        @PostMapping("/sized")
        String sized(@RequestBody Sized body) {
            return "ok";
        }

        @GetMapping("/api-error")
        String apiError() {
            throw new ApiException(HttpStatus.CONFLICT, "Name taken", "name: taken");
        }

        @GetMapping("/teapot")
        String teapot() {
            throw new TeapotException();
        }

        @GetMapping("/bug")
        String bug() {
            throw new IllegalStateException("secret internal detail");
        }
    }

    /** A service's one advice: a specific handler added, one inherited handler overridden. */
    @RestControllerAdvice
    static class ServiceHandler extends BaseApiExceptionHandler {
        @ExceptionHandler(TeapotException.class)
        ResponseEntity<ApiError> teapot(TeapotException e) {
            return ResponseEntity.status(e.status()).header("X-Teapot", "yes").body(ApiError.of(e.getMessage()));
        }

        @Override
        protected ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
            return error(HttpStatus.NOT_FOUND, "Not found", null);
        }
    }

    @RestControllerAdvice
    static class PlainHandler extends BaseApiExceptionHandler {
    }

    private static MockMvc mvc(Object advice) {
        return MockMvcBuilders.standaloneSetup(new Endpoints()).setControllerAdvice(advice).build();
    }

    @Test
    void namesFieldsInSnakeCase() {
        assertThat(BaseApiExceptionHandler.snakeCase("confirmPassword")).isEqualTo("confirm_password");
        assertThat(BaseApiExceptionHandler.snakeCase("email")).isEqualTo("email");
    }

    @Test
    void apiExceptionKeepsItsStatusMessageAndDetails() throws Exception {
        mvc(new PlainHandler()).perform(get("/api-error"))
                .andExpect(status().isConflict())
                .andExpect(content().json("{\"error\":{\"message\":\"Name taken\",\"details\":\"name: taken\"}}"));
    }

    @Test
    void badJsonIs400() throws Exception {
        mvc(new PlainHandler()).perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{nope"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":{\"message\":\"Invalid JSON body\"}}"));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() throws Exception {
        MockMvc mvc = mvc(new PlainHandler());
        mvc.perform(post("/sized").contentType(MediaType.APPLICATION_JSON).content("{\"count\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json(
                        "{\"error\":{\"message\":\"Invalid input data\",\"details\":\"count: invalid value\"}}"));
        mvc.perform(post("/sized").contentType(MediaType.APPLICATION_JSON).content("{\"sizes\":[1,\"x\"]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":{\"details\":\"sizes[1]: invalid value\"}}"));
        mvc.perform(post("/sized").contentType(MediaType.APPLICATION_JSON).content("{\"inner\":{\"name\":[]}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":{\"details\":\"inner.name: invalid value\"}}"));
    }

    @Test
    void unexpectedErrorIs500WithoutItsMessage() throws Exception {
        mvc(new PlainHandler()).perform(get("/bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().string("{\"error\":{\"message\":\"Internal server error\"}}"));
    }

    @Test
    void malformedPathValueIs400UnlessTheServiceOverrides() throws Exception {
        mvc(new PlainHandler()).perform(get("/things/not-a-uuid"))
                .andExpect(status().isBadRequest())
                .andExpect(content().json("{\"error\":{\"message\":\"Invalid input data\",\"details\":\"id: invalid value\"}}"));
        mvc(new ServiceHandler()).perform(get("/things/not-a-uuid"))
                .andExpect(status().isNotFound())
                .andExpect(content().json("{\"error\":{\"message\":\"Not found\"}}"));
    }

    @Test
    void aServiceHandlerForASubclassWinsOverTheCommonOne() throws Exception {
        mvc(new ServiceHandler()).perform(get("/teapot"))
                .andExpect(status().isIAmATeapot())
                .andExpect(header().string("X-Teapot", "yes"));
        mvc(new PlainHandler()).perform(get("/teapot"))
                .andExpect(status().isIAmATeapot())
                .andExpect(header().doesNotExist("X-Teapot"))
                .andExpect(content().json("{\"error\":{\"message\":\"Teapot\",\"details\":\"short and stout\"}}"));
    }

    @Test
    void wrongMethodIs405() throws Exception {
        mvc(new PlainHandler()).perform(post("/api-error"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().json("{\"error\":{\"message\":\"Method not allowed\"}}"));
    }
}
