package io.containerengine.common.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request body type whose unknown fields are an error (400 naming the field) instead of being ignored: a typo
 * such as {@code "helth_check"} or {@code "env"} for {@code "env_vars"} must not deploy an app without what the
 * user asked for. Put it on each record of the body, nested ones included. See {@link JsonInputAutoConfiguration}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RejectUnknownFields {
}
