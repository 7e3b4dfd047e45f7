package io.containerengine.common.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The API's error body: {@code {"error":{"message":"...","details":"..."}}}. */
public record ApiError(Body error) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(String message, String details) {
    }

    public static ApiError of(String message) {
        return new ApiError(new Body(message, null));
    }

    public static ApiError of(String message, String details) {
        return new ApiError(new Body(message, details));
    }

    /** The same body as JSON text, for filters that write responses without a message converter. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{\"error\":{\"message\":");
        quote(out, error.message());
        if (error.details() != null) {
            out.append(",\"details\":");
            quote(out, error.details());
        }
        return out.append("}}").toString();
    }

    private static void quote(StringBuilder out, String value) {
        out.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
