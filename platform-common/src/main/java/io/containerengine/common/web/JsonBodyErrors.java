package io.containerengine.common.web;

import java.util.Collection;
import java.util.stream.Collectors;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What went wrong in a well-formed JSON body, in the client's terms, whichever web stack wrapped Jackson's exception
 * (servlet: HttpMessageNotReadableException; WebFlux: ServerWebInputException around a DecodingException).
 */
public final class JsonBodyErrors {

    private JsonBodyErrors() {
    }

    /**
     * The field whose value has the wrong type or is unknown ({@code replicas}, {@code resources.cpu},
     * {@code ports[2]}), as the client spelled it; null when the body is not JSON at all.
     */
    public static String fieldOf(Throwable failure) {
        DatabindException databind = find(failure, DatabindException.class);
        if (databind == null || databind.getPath().isEmpty()) {
            return null;
        }
        return databind.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
    }

    /**
     * For a field a {@link RejectUnknownFields} body does not have: {@code "<field> is not a field of this request
     * (known: a, b)"}; null for any other failure.
     */
    public static String unknownField(Throwable failure) {
        UnrecognizedPropertyException unknown = find(failure, UnrecognizedPropertyException.class);
        if (unknown == null) {
            return null;
        }
        Collection<Object> known = unknown.getKnownPropertyIds();
        return fieldOf(unknown) + " is not a field of this request" + (known == null || known.isEmpty() ? ""
                : known.stream().map(String::valueOf).collect(Collectors.joining(", ", " (known: ", ")")));
    }

    /**
     * The answer to a body that could not be read: "Invalid input data" naming the unknown or wrongly typed field,
     * or "Invalid JSON body" when it is not JSON at all.
     */
    public static ApiError asError(Throwable failure) {
        String unknown = unknownField(failure);
        if (unknown != null) {
            return ApiError.of("Invalid input data", unknown);
        }
        String field = fieldOf(failure);
        return field != null ? ApiError.of("Invalid input data", field + ": invalid value")
                : ApiError.of("Invalid JSON body");
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
