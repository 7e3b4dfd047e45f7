package io.containerengine.notifications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Tells users what happens to their deployments. Feature packages: {@code websocket/} (live pushes),
 * {@code events/} (the Kafka side); {@code webhooks/} and {@code email/} come with later issues.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}
