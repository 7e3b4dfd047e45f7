package io.containerengine.notifications;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Tells users what happens to their deployments. Feature packages: {@code websocket/} (live pushes),
 * {@code events/} (the Kafka side: a per-instance group for pushes, a shared group for work done once),
 * {@code webhooks/} (signed, retried deliveries), {@code email/} (outbox and SMTP), {@code stats/} (the caller's
 * figures and test notifications); {@code work/} holds the persisted-schedule loop both use.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NotificationServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotificationServiceApplication.class, args);
    }
}
