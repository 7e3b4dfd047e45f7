package io.containerengine.gateway.routing;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the internal services listen ({@code AUTH_SERVICE_URL}, {@code APIKEY_SERVICE_URL},
 * {@code DEPLOYMENT_SERVICE_URL}, {@code NOTIFICATION_SERVICE_URL}); defaults are the local ports.
 */
@ConfigurationProperties("ce.gateway.services")
public record ServicesProperties(URI auth, URI apiKeys, URI deployments, URI notifications) {

    public ServicesProperties {
        auth = auth == null ? URI.create("http://127.0.0.1:8081") : auth;
        apiKeys = apiKeys == null ? URI.create("http://127.0.0.1:8082") : apiKeys;
        deployments = deployments == null ? URI.create("http://127.0.0.1:8083") : deployments;
        notifications = notifications == null ? URI.create("http://127.0.0.1:8085") : notifications;
    }
}
