package io.containerengine.deployments.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.common.web.ApiError;

/**
 * Errors raised outside Spring MVC (the servlet container's error dispatch) in the API's error shape, instead of
 * Spring Boot's default body.
 */
@RestController
public class ApiErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer i && HttpStatus.resolve(i) != null
                ? HttpStatus.valueOf(i) : HttpStatus.INTERNAL_SERVER_ERROR;
        String message = status.is5xxServerError() ? "Internal server error" : status.getReasonPhrase();
        return ResponseEntity.status(status).body(ApiError.of(message));
    }
}
