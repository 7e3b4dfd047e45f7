package io.containerengine.notifications.websocket;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One frame sent to a user's sockets:
 * {@code {"type":...,"deployment_id":...,"timestamp":...,"data":{...}}} (snake_case through the app's mapper).
 */
public record Notification(
        String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID deploymentId,
        Instant timestamp,
        Object data) {

    public static final String DEPLOYMENT_STATUS_CHANGED = "deployment_status_changed";
    public static final String TEST_NOTIFICATION = "test_notification";

    /** {@code url} is always present (null until the app is reachable); {@code error_message} only on failure. */
    public record StatusData(
            String status,
            String url,
            @JsonInclude(JsonInclude.Include.NON_NULL) String errorMessage) {
    }

    public record MessageData(String message) {
    }
}
