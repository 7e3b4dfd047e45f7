package io.containerengine.deployments.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import io.containerengine.common.web.BodySizeLimitFilter;
import io.containerengine.deployments.config.ApiProperties;

@Configuration(proxyBeanMethods = false)
public class WebConfig {

    /** Right after the identity filter: unauthenticated callers get 401 before their body is looked at. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(ApiProperties properties) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
