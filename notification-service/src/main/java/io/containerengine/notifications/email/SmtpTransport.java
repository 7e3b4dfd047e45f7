package io.containerengine.notifications.email;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import jakarta.mail.internet.MimeMessage;

/** SMTP (Amazon SES or any server) with STARTTLS when offered and timeouts on every operation. */
final class SmtpTransport implements MailTransport {

    private final JavaMailSenderImpl sender;
    private final EmailProperties properties;

    SmtpTransport(EmailProperties properties) {
        this.properties = properties;
        EmailProperties.Smtp smtp = properties.smtp();
        sender = new JavaMailSenderImpl();
        sender.setHost(smtp.host());
        sender.setPort(smtp.port());
        sender.setUsername(smtp.username());
        sender.setPassword(smtp.password());
        sender.setDefaultEncoding(StandardCharsets.UTF_8.name());
        String timeout = String.valueOf(properties.timeout().toMillis());
        Properties props = sender.getJavaMailProperties();
        props.put("mail.smtp.auth", String.valueOf(smtp.username() != null));
        props.put("mail.smtp.starttls.enable", String.valueOf(smtp.starttls()));
        props.put("mail.smtp.starttls.required", String.valueOf(smtp.requireTls()));
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
    }

    @Override
    public void send(OutgoingEmail email) throws Exception {
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
        helper.setFrom(properties.from(), properties.fromName());
        helper.setTo(email.to());
        helper.setSubject(email.subject());
        helper.setText(email.text(), email.html());
        sender.send(message);
    }
}
