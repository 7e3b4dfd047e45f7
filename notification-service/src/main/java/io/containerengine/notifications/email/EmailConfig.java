package io.containerengine.notifications.email;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EmailConfig {

    private static final Logger log = LoggerFactory.getLogger(EmailConfig.class);

    /**
     * SMTP when a host is configured; otherwise the dev mailbox, so a local run still shows the reset link to a
     * person. (Boot's own mail auto-configuration is not used: it would also add a health check that fails
     * {@code /actuator/health} whenever the SMTP server is unreachable, which must not stop the service.)
     */
    @Bean
    MailTransport mailTransport(EmailProperties properties) {
        if (properties.smtp().host() != null) {
            log.info("E-mail via SMTP {}:{}", properties.smtp().host(), properties.smtp().port());
            return new SmtpTransport(properties);
        }
        DevMailboxTransport mailbox = new DevMailboxTransport(properties);
        log.info("No SMTP host configured (AWS_SES_SMTP_HOST): e-mails are written to the dev mailbox {}",
                mailbox.directory());
        return mailbox;
    }
}
