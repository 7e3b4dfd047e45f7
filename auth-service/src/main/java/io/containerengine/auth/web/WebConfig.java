package io.containerengine.auth.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.containerengine.common.web.BodySizeLimitFilter;

@Configuration(proxyBeanMethods = false)
public class WebConfig {

    /** Before everything else, identity included: nothing should read a huge body. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(BodyLimitProperties properties) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
