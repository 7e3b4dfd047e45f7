package io.containerengine.notifications.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DevMailboxTransportTest {

    @Test
    void writesTheWholeMessageToAFileAndLogsOnlyWhereItIs(@TempDir Path dir, CapturedOutput output) throws Exception {
        EmailProperties properties = new EmailProperties(null, "noreply@ce.example", "CE", dir.resolve("mailbox"),
                null, null, null, null);
        DevMailboxTransport transport = new DevMailboxTransport(properties);

        transport.send(new OutgoingEmail("eve@example.test", "Reset your Container Engine password",
                "Open http://localhost:3000/reset-password?token=secret-token-123", "<a href=\"x\">x</a>"));

        List<Path> files;
        try (var listing = Files.list(dir.resolve("mailbox"))) {
            files = listing.toList();
        }
        assertThat(files).hasSize(1);
        String content = Files.readString(files.get(0));
        assertThat(content).contains("To: eve@example.test").contains("Subject: Reset your Container Engine password")
                .contains("token=secret-token-123").contains("<a href=\"x\">x</a>");
        assertThat(output.getOut()).contains("DEV MAILBOX").contains(files.get(0).toString())
                .doesNotContain("secret-token-123");
    }
}
