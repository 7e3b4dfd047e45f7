package io.containerengine.notifications.email;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.notifications.work.DueWorkLoop;
import io.containerengine.notifications.work.RetrySchedule;

/**
 * Sends the outbox's due e-mails one at a time on its own thread: SMTP latency never reaches a request or a Kafka
 * consumer. Failed sends are retried on the schedule; every instance runs a worker, rows are claimed with
 * SKIP LOCKED so each e-mail is sent by one of them.
 */
@Component
public class EmailWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailWorker.class);
    private static final int BATCH = 10;

    private final EmailOutbox outbox;
    private final EmailTemplates templates;
    private final MailTransport transport;
    private final TransactionTemplate transactions;
    private final RetrySchedule schedule;
    private final Duration lease;
    private final DueWorkLoop loop;

    EmailWorker(EmailOutbox outbox, EmailTemplates templates, MailTransport transport,
            TransactionTemplate transactions, EmailProperties properties) {
        this.outbox = outbox;
        this.templates = templates;
        this.transport = transport;
        this.transactions = transactions;
        this.schedule = properties.retrySchedule();
        // A send is a few SMTP round trips, each bounded by the timeout.
        this.lease = properties.timeout().multipliedBy(6).plusSeconds(30);
        this.loop = new DueWorkLoop("email-outbox", properties.pollInterval(), this::pass);
    }

    public void wake() {
        loop.wake();
    }

    private Duration pass() {
        List<EmailOutbox.Due> due = transactions.execute(tx -> outbox.claim(BATCH, Instant.now(), lease));
        for (EmailOutbox.Due email : due) {
            if (!loop.isRunning()) {
                break; // claimed rows come back after their lease
            }
            send(email);
        }
        if (due.size() == BATCH) {
            return Duration.ZERO;
        }
        return outbox.nextDue().map(next -> Duration.between(Instant.now(), next))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait).orElse(null);
    }

    private void send(EmailOutbox.Due email) {
        Instant now = Instant.now();
        if (EmailTemplates.expired(email.notAfter(), now)) {
            outbox.recordGivenUp(email.id(), EmailOutbox.EXPIRED, "expired before it could be sent");
            log.warn("E-mail {} ({}) expired before it could be sent", email.id(), email.kind());
            return;
        }
        OutgoingEmail message;
        try {
            message = templates.render(email.kind(), email.recipient(), email.params());
        } catch (EmailTemplates.UnrenderableException e) {
            outbox.recordGivenUp(email.id(), EmailOutbox.FAILED, e.getMessage());
            log.error("E-mail {} ({}) cannot be rendered: {}", email.id(), email.kind(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            outbox.recordGivenUp(email.id(), EmailOutbox.FAILED, "cannot be rendered");
            log.error("E-mail {} ({}) cannot be rendered", email.id(), email.kind(), e);
            return;
        }
        try {
            transport.send(message);
            outbox.recordSent(email.id(), Instant.now());
            log.debug("E-mail {} ({}) sent after {} attempt(s)", email.id(), email.kind(), email.attempts());
        } catch (Exception e) {
            Duration delay = schedule.delayAfter(email.attempts());
            Instant next = delay == null ? null : Instant.now().plus(delay);
            String reason = reason(e);
            outbox.recordFailure(email.id(), reason, next);
            if (next == null) {
                log.error("E-mail {} ({}) given up after {} attempts: {}", email.id(), email.kind(),
                        email.attempts(), reason);
            } else {
                log.warn("E-mail {} ({}) attempt {} failed, next at {}: {}", email.id(), email.kind(),
                        email.attempts(), next, reason);
            }
        }
    }

    /** The innermost cause, on one line: what an operator needs to see (server down, auth refused). */
    static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage().replaceAll("\\s+", " ");
        return root.getClass().getSimpleName() + message;
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return loop.isRunning();
    }
}
