package io.containerengine.apikeys.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import io.containerengine.common.web.ApiError;
import io.containerengine.common.web.BaseApiExceptionHandler;

/** The one place that turns exceptions into the API's error body: the common handlers, malformed ids as 404. */
@RestControllerAdvice
public class ApiExceptionHandler extends BaseApiExceptionHandler {

    @Override
    protected ResponseEntity<ApiError> typeMismatch(MethodArgumentTypeMismatchException e) {
        // A malformed id in the path names no resource: same answer as an unknown one.
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return error(HttpStatus.NOT_FOUND, "Not found", null);
        }
        return super.typeMismatch(e);
    }
}
