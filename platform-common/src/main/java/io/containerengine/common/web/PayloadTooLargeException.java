package io.containerengine.common.web;

import java.io.IOException;

/**
 * Thrown by the body stream of {@link BodySizeLimitFilter} once a body without Content-Length (chunked) passed the
 * limit. Frameworks wrap it (e.g. in HttpMessageNotReadableException); a service's exception handler finds it in the
 * cause chain with {@link #findIn(Throwable)} and answers 413 with {@link BodySizeLimitFilter#error(long)}.
 */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("Request body larger than " + limit + " bytes");
        this.limit = limit;
    }

    /** The limit, in bytes, that the body went over. */
    public long limit() {
        return limit;
    }

    /** This exception somewhere in {@code e}'s cause chain, or null. */
    public static PayloadTooLargeException findIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PayloadTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}
