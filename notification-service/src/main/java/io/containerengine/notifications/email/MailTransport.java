package io.containerengine.notifications.email;

/** Where rendered e-mails go: SMTP, or the dev mailbox on a local run. */
public interface MailTransport {

    /** Blocking; throws when the message was not accepted (it is then retried). */
    void send(OutgoingEmail email) throws Exception;
}
