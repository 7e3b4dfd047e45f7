package io.containerengine.notifications.webhooks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfig {

    @Bean
    SsrfGuard ssrfGuard(WebhookProperties properties) {
        return new SsrfGuard(properties.allowedHosts(), SsrfGuard.SYSTEM_DNS);
    }
}
