package io.containerengine.notifications.email;

import static io.containerengine.notifications.ItSupport.produceDeployment;
import static io.containerengine.notifications.ItSupport.produceIdentity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.containerengine.contracts.DeploymentStatus;
import io.containerengine.contracts.EventEnvelope;
import io.containerengine.contracts.Topics;
import io.containerengine.notifications.ItSupport;
import io.containerengine.notifications.MailParts;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/** E-mails from identity and deployment events through the outbox to a real SMTP server (GreenMail). */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "ce.identity.secret=" + ItSupport.IDENTITY_SECRET,
        "ce.email.from=noreply@ce.example",
        "ce.email.from-name=Container Engine Test",
        "ce.email.retry-delays=300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
        "ce.email.jitter=0",
        "ce.email.timeout=2s",
        "ce.email.poll-interval=1s"})
@EmbeddedKafka(topics = {Topics.DEPLOYMENT_EVENTS, Topics.IDENTITY_EVENTS}, partitions = 1)
@DirtiesContext
class EmailIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int SMTP_PORT = ItSupport.freePort();

    private static GreenMail mail = newMailServer();
    private static KafkaProducer<String, String> producer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("ce.email.smtp.host", () -> "127.0.0.1");
        registry.add("ce.email.smtp.port", () -> SMTP_PORT);
        registry.add("ce.email.smtp.starttls", () -> "false");
    }

    @Autowired
    EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startMail() {
        ItSupport.cleanDatabase();
        mail.start();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        mail.stop();
    }

    @BeforeEach
    void setUp() {
        if (producer == null) {
            producer = ItSupport.producer(broker.getBrokersAsString());
        }
    }

    @Test
    void thePasswordResetEmailCarriesTheWorkingLinkInTextAndHtml() throws Exception {
        UUID user = UUID.randomUUID();
        String email = "reset-" + user + "@example.test";
        String token = "tok_" + UUID.randomUUID().toString().replace("-", "");
        String link = "http://localhost:3000/reset-password?token=" + token;
        produceIdentity(producer, ItSupport.resetRequested(user, email, "alice", link,
                Instant.now().plus(Duration.ofMinutes(30))));

        MimeMessage message = awaitMail(email, 1)[0];
        assertThat(message.getSubject()).isEqualTo("Reset your Container Engine password");
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("noreply@ce.example");
        assertThat(from.getPersonal()).isEqualTo("Container Engine Test");
        Map<String, String> parts = MailParts.of(message);
        assertThat(parts).containsOnlyKeys("text/plain", "text/html");
        assertThat(parts.get("text/plain")).contains("Hello alice,").contains("\n" + link + "\n");
        assertThat(parts.get("text/html")).contains("<a href=\"" + link + "\">");

        // At rest the link stays sealed: the outbox holds the ciphertext only.
        String params = ItSupport.queryValue("SELECT params FROM notifications.email_outbox WHERE recipient = ?",
                String.class, email);
        assertThat(params).doesNotContain(token);
        assertThat(ItSupport.queryValue("SELECT status FROM notifications.email_outbox WHERE recipient = ?",
                String.class, email)).isEqualTo("sent");
    }

    @Test
    void aDeploymentFailureIsMailedOnceToTheRegisteredOwner() throws Exception {
        UUID owner = UUID.randomUUID();
        String email = "owner-" + owner + "@example.test";
        produceIdentity(producer, ItSupport.registered(owner, "bob", email));
        await().atMost(WAIT).until(() -> ItSupport.queryValue(
                "SELECT email FROM notifications.user_emails WHERE user_id = ?", String.class, owner) != null);

        UUID deployment = UUID.randomUUID();
        EventEnvelope failed = ItSupport.statusChanged(owner, deployment, DeploymentStatus.FAILED, null,
                "image <nginx:nope> not found");
        produceDeployment(producer, failed);
        produceDeployment(producer, failed); // redelivered: still one e-mail
        // Other statuses send nothing; the next failure (same partition, later) proves the duplicate was handled.
        produceDeployment(producer, ItSupport.statusChanged(owner, deployment, DeploymentStatus.RUNNING, null, null));
        EventEnvelope second = ItSupport.statusChanged(owner, deployment, DeploymentStatus.FAILED, null, "again");
        produceDeployment(producer, second);

        MimeMessage[] messages = awaitMail(email, 2);
        assertThat(messages).hasSize(2);
        String app = "app-" + deployment.toString().substring(0, 8);
        assertThat(messages[0].getSubject()).isEqualTo("Deployment failed: " + app);
        Map<String, String> parts = MailParts.of(messages[0]);
        assertThat(parts.get("text/plain")).contains("Hello bob,").contains("image <nginx:nope> not found")
                .contains(deployment.toString());
        // Values are escaped in HTML.
        assertThat(parts.get("text/html")).contains("image &lt;nginx:nope&gt; not found");
        assertThat(MailParts.of(messages[1]).get("text/plain")).contains("Reason: again");
    }

    @Test
    void mailQueuedWhileTheSmtpServerIsDownIsSentOnceItIsBack() throws Exception {
        mail.stop();
        UUID user = UUID.randomUUID();
        String email = "down-" + user + "@example.test";
        try {
            produceIdentity(producer, ItSupport.resetRequested(user, email, "carol", "http://localhost/r?token=x1",
                    Instant.now().plus(Duration.ofMinutes(30))));
            await().atMost(WAIT).until(() -> {
                Integer attempts = ItSupport.queryValue(
                        "SELECT attempts FROM notifications.email_outbox WHERE recipient = ?", Integer.class, email);
                return attempts != null && attempts >= 2;
            });
            assertThat(ItSupport.queryValue("SELECT status FROM notifications.email_outbox WHERE recipient = ?",
                    String.class, email)).isEqualTo("pending");
        } finally {
            mail = newMailServer();
            mail.start();
        }
        MimeMessage message = awaitMail(email, 1)[0];
        assertThat(MailParts.of(message).get("text/plain")).contains("http://localhost/r?token=x1");
    }

    @Test
    void anExpiredResetLinkIsNotSent() {
        UUID user = UUID.randomUUID();
        String email = "late-" + user + "@example.test";
        produceIdentity(producer, ItSupport.resetRequested(user, email, "dave", "http://localhost/r?token=old",
                Instant.now().minusSeconds(1)));

        await().atMost(WAIT).until(() -> "expired".equals(ItSupport.queryValue(
                "SELECT status FROM notifications.email_outbox WHERE recipient = ?", String.class, email)));
        assertThat(mail.getReceivedMessagesForDomain(email)).isEmpty();
    }

    private static MimeMessage[] awaitMail(String to, int count) {
        await().atMost(WAIT).until(() -> mail.getReceivedMessagesForDomain(to).length >= count);
        return mail.getReceivedMessagesForDomain(to);
    }

    private static GreenMail newMailServer() {
        return new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", "smtp"));
    }
}
