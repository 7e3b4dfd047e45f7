package io.containerengine.gateway.apikeys;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import io.containerengine.common.identity.InternalIdentity;
import io.containerengine.gateway.routing.ServicesProperties;

@Configuration(proxyBeanMethods = false)
public class ApiKeysConfiguration {

    @Bean
    ApiKeyServiceClient apiKeyServiceClient(ServicesProperties services, InternalIdentity identity) {
        return new ApiKeyServiceClient(services.apiKeys(), identity, WebClient.builder());
    }

    @Bean
    ApiKeyUsageReporter apiKeyUsageReporter(ApiKeyServiceClient client, ApiKeysProperties properties) {
        return new ApiKeyUsageReporter(client::reportUsage, properties.usageReportInterval());
    }

    @Bean
    ApiKeyAuthenticator apiKeyAuthenticator(ApiKeyServiceClient client, ApiKeyUsageReporter usage,
            ApiKeysProperties properties) {
        return new ApiKeyAuthenticator(client::verify, usage, properties, Clock.systemUTC());
    }
}
