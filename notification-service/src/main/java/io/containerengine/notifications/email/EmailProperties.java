package io.containerengine.notifications.email;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.containerengine.notifications.work.RetrySchedule;

/**
 * {@code ce.email.*} (env: {@code AWS_SES_SMTP_HOST}, {@code AWS_SES_SMTP_PORT}, {@code AWS_SES_USERNAME},
 * {@code AWS_SES_PASSWORD}, {@code EMAIL_FROM}, {@code EMAIL_FROM_NAME}, {@code CE_DEV_MAILBOX}).
 *
 * @param smtp        the SMTP server; without a host, e-mails go to the dev mailbox (files) instead
 * @param from        sender address
 * @param fromName    sender display name
 * @param devMailbox  directory of the dev mailbox
 * @param retryDelays delays between send attempts (attempts = delays + 1)
 * @param timeout     connect/read/write limit per SMTP operation
 */
@ConfigurationProperties("ce.email")
public record EmailProperties(
        Smtp smtp,
        String from,
        String fromName,
        Path devMailbox,
        List<Duration> retryDelays,
        Double jitter,
        Duration timeout,
        Duration pollInterval) {

    /** @param starttls upgrade to TLS when offered (SES on 587); required when {@code requireTls} */
    public record Smtp(String host, Integer port, String username, String password, Boolean starttls,
            Boolean requireTls) {

        public Smtp {
            host = host == null || host.isBlank() ? null : host.trim();
            port = port == null ? 587 : port;
            username = username == null || username.isBlank() ? null : username;
            password = password == null || password.isBlank() ? null : password;
            starttls = starttls == null || starttls;
            requireTls = requireTls != null && requireTls;
        }
    }

    public EmailProperties {
        smtp = smtp == null ? new Smtp(null, null, null, null, null, null) : smtp;
        from = from == null || from.isBlank() ? "no-reply@localhost" : from.trim();
        fromName = fromName == null || fromName.isBlank() ? "Container Engine" : fromName.trim();
        devMailbox = devMailbox == null ? Path.of(".ce", "mailbox") : devMailbox;
        retryDelays = retryDelays == null || retryDelays.isEmpty()
                ? List.of(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
                        Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4))
                : List.copyOf(retryDelays);
        jitter = jitter == null ? 0.2 : jitter;
        timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
    }

    public RetrySchedule retrySchedule() {
        return new RetrySchedule(retryDelays, jitter);
    }
}
