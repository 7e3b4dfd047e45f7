package io.containerengine.auth.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** @param maxBodySize request bodies above this are refused with 413 (no endpoint here needs more than a few KB) */
@ConfigurationProperties("ce.auth")
public record BodyLimitProperties(@DefaultValue("64KB") DataSize maxBodySize) {
}
