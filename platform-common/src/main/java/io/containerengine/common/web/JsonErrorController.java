package io.containerengine.common.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error controller in servlet services (see {@link WebErrorsAutoConfiguration}) so that errors
 * raised outside Spring MVC (the container, filters) come out in the same {@code {"error":{...}}} shape: the
 * status's reason phrase, or "Internal server error" for any 5xx, never a message or a stack trace.
 */
@RestController
public class JsonErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String message = status.is5xxServerError() ? "Internal server error" : status.getReasonPhrase();
        return ResponseEntity.status(status).body(ApiError.of(message));
    }
}
