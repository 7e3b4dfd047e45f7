package io.containerengine.benchstock;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The benchmark's baseline: a stock Spring Cloud Gateway application, nothing of Container Engine's. It lives
 * outside {@code io.containerengine.gateway} so that component scanning finds none of the gateway's beans; the
 * benchmark starts it with its own config name (so the gateway's {@code application.yml} is not read) and one
 * route from properties, everything else Spring Cloud Gateway's defaults. The auto-configurations excluded are
 * the ones the gateway's classpath brings that a stock gateway would not have (platform-common's identity filter,
 * which would also want a secret; Kafka); none of them takes part in routing.
 *
 * <p>Threading as in production, where server and upstream client share Reactor Netty's global event loops (the
 * client colocates on the request's loop), but on a private loop group: closing an app that uses the global
 * loops disposes them, which would take down the other test classes' fake servers in this JVM. This is the same
 * arrangement {@code @SpringBootTest} plus the gateway's own client customizer give the gateway under test.
 */
@SpringBootApplication(excludeName = {
        "io.containerengine.common.identity.IdentityAutoConfiguration",
        "io.containerengine.common.crypto.SecretsAutoConfiguration",
        "io.containerengine.common.outbox.OutboxAutoConfiguration",
        "io.containerengine.common.web.WebErrorsAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"})
public class StockGatewayApp {

    @Bean
    static BeanPostProcessor privateEventLoops() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof ReactorResourceFactory factory) {
                    factory.setUseGlobalResources(false);
                }
                return bean;
            }
        };
    }

    @Bean
    HttpClientCustomizer upstreamOnServerLoops(ReactorResourceFactory resources) {
        return client -> client.runOn(resources.getLoopResources());
    }
}
