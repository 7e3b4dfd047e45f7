package io.containerengine.deployments.web;

import java.io.IOException;

/** Thrown by the body-size limit while a body without Content-Length is read; the handler answers 413. */
public class PayloadTooLargeException extends IOException {

    public PayloadTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes");
    }
}
