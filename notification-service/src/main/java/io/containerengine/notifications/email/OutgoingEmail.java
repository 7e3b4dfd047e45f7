package io.containerengine.notifications.email;

/** A rendered message: plain text and HTML alternatives of the same content. */
public record OutgoingEmail(String to, String subject, String text, String html) {
}
