package io.containerengine.notifications.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No SMTP server configured (a local run): each message is written in full to a file in the dev mailbox, and one
 * log line says where, so a person can open the reset link. The log line never holds the message body.
 */
final class DevMailboxTransport implements MailTransport {

    private static final Logger log = LoggerFactory.getLogger(DevMailboxTransport.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final EmailProperties properties;

    DevMailboxTransport(EmailProperties properties) {
        this.directory = properties.devMailbox().toAbsolutePath().normalize();
        this.properties = properties;
    }

    @Override
    public void send(OutgoingEmail email) throws IOException {
        Files.createDirectories(directory);
        Instant now = Instant.now();
        Path file = directory.resolve(FILE_TIME.format(now) + "-" + UUID.randomUUID().toString().substring(0, 8)
                + ".txt");
        String content = "From: " + properties.fromName() + " <" + properties.from() + ">\n"
                + "To: " + email.to() + "\n"
                + "Date: " + now + "\n"
                + "Subject: " + email.subject() + "\n"
                + "\n" + email.text() + "\n"
                + "\n----- HTML alternative -----\n" + email.html() + "\n";
        Files.writeString(file, content, StandardCharsets.UTF_8);
        log.info("DEV MAILBOX (no SMTP configured, set AWS_SES_SMTP_HOST to send): e-mail \"{}\" to {} written to {}",
                email.subject(), email.to(), file);
    }

    Path directory() {
        return directory;
    }
}
