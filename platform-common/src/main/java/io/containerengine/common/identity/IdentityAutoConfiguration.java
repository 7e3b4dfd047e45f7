package io.containerengine.common.identity;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Gives every service an {@link InternalIdentity} and, unless {@code ce.identity.filter-enabled=false}
 * (the gateway, which signs rather than verifies), the filter that verifies it.
 */
@AutoConfiguration
@EnableConfigurationProperties(IdentityProperties.class)
public class IdentityAutoConfiguration {

    @Bean
    InternalIdentity internalIdentity(IdentityProperties properties) {
        return new InternalIdentity(properties.secret());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Filter")
    @ConditionalOnBooleanProperty(name = "ce.identity.filter-enabled", matchIfMissing = true)
    static class Servlet {
        @Bean
        FilterRegistrationBean<ServletIdentityFilter> identityFilter(InternalIdentity identity,
                IdentityProperties properties) {
            var registration = new FilterRegistrationBean<>(new ServletIdentityFilter(identity, properties));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnBooleanProperty(name = "ce.identity.filter-enabled", matchIfMissing = true)
    static class Reactive {
        @Bean
        ReactiveIdentityFilter identityFilter(InternalIdentity identity, IdentityProperties properties) {
            return new ReactiveIdentityFilter(identity, properties);
        }
    }
}
