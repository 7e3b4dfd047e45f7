package io.containerengine.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.containerengine.notifications.TestReceiver;

/** The HTTP attempt against a local receiver, with name resolution replaced to stage DNS answers. */
class WebhookSenderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final TestReceiver receiver = new TestReceiver();
    private WebhookSender sender;

    @AfterEach
    void close() throws Exception {
        if (sender != null) {
            sender.destroy();
        }
        receiver.close();
    }

    private WebhookSender sender(List<String> allowList, SsrfGuard.HostResolver resolver, Duration timeout) {
        WebhookProperties properties = new WebhookProperties(null, null, allowList, null, null, timeout,
                Duration.ofSeconds(2), null, null, null, null);
        sender = new WebhookSender(properties, new SsrfGuard(allowList, resolver));
        return sender;
    }

    private static InetAddress[] address(String host, String ip) throws UnknownHostException {
        return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress())};
    }

    @Test
    void connectsToTheAddressTheGuardCheckedAndKeepsTheHostName() {
        // hooks.example.test exists only in this resolver: the connection can only have used the checked answer.
        WebhookSender sender = sender(List.of("127.0.0.1"), host -> address(host, "127.0.0.1"), WAIT);
        String url = "http://hooks.example.test:" + receiver.port() + "/pinned";

        WebhookSender.Result result = sender.post(url, true, Map.of("webhook-id", "d1"), "{\"a\":1}").block(WAIT);

        assertThat(result.success()).isTrue();
        assertThat(receiver.requests("/pinned")).hasSize(1);
        TestReceiver.Request request = receiver.requests("/pinned").get(0);
        assertThat(request.header("host")).isEqualTo("hooks.example.test:" + receiver.port());
        assertThat(request.header("webhook-id")).isEqualTo("d1");
        assertThat(request.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void aNameThatRebindsToLoopbackAfterCreationIsRefusedAtDelivery() {
        AtomicInteger lookups = new AtomicInteger();
        // First answer public (creation passes), later answers loopback: the DNS rebinding pattern.
        SsrfGuard.HostResolver rebinding = host -> lookups.getAndIncrement() == 0
                ? address(host, "93.184.216.34") : address(host, "127.0.0.1");
        WebhookSender sender = sender(List.of(), rebinding, WAIT);
        String url = "http://rebind.example.test:" + receiver.port() + "/rebind";
        new SsrfGuard(List.of(), rebinding).check(url); // the creation-time check sees the public answer

        WebhookSender.Result result = sender.post(url, true, Map.of(), "{}").block(WAIT);

        assertThat(result.success()).isFalse();
        assertThat(result.error()).startsWith("refused: ").contains("non-public address");
        assertThat(receiver.requests("/rebind")).isEmpty();
    }

    @Test
    void aLoopbackIpLiteralIsRefusedWithoutTheAllowList() {
        WebhookSender sender = sender(List.of(), SsrfGuard.SYSTEM_DNS, WAIT);

        WebhookSender.Result result = sender.post(receiver.url("/literal"), true, Map.of(), "{}").block(WAIT);

        assertThat(result.error()).startsWith("refused: ");
        assertThat(receiver.requests("/literal")).isEmpty();
    }

    @Test
    void redirectsAreNotFollowed() {
        receiver.respond("/moved", 302);
        WebhookSender sender = sender(List.of("127.0.0.1"), SsrfGuard.SYSTEM_DNS, WAIT);

        WebhookSender.Result result = sender.post(receiver.url("/moved"), true, Map.of(), "{}").block(WAIT);

        assertThat(result.statusCode()).isEqualTo(302);
        assertThat(result.success()).isFalse();
        assertThat(receiver.requests("/redirected")).isEmpty();
    }

    @Test
    void aSlowReceiverTimesOut() {
        receiver.delayResponses(Duration.ofSeconds(3));
        WebhookSender sender = sender(List.of("127.0.0.1"), SsrfGuard.SYSTEM_DNS, Duration.ofMillis(500));

        WebhookSender.Result result = sender.post(receiver.url("/slow"), true, Map.of(), "{}").block(WAIT);

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("timeout");
    }

    @Test
    void anUnreachableReceiverIsAFailureNotAnError() {
        WebhookSender sender = sender(List.of("127.0.0.1"), SsrfGuard.SYSTEM_DNS, WAIT);
        int closedPort = io.containerengine.notifications.ItSupport.freePort();

        WebhookSender.Result result = sender.post("http://127.0.0.1:" + closedPort + "/x", true, Map.of(), "{}")
                .block(WAIT);

        assertThat(result.success()).isFalse();
        assertThat(result.error()).isEqualTo("connection refused");
    }
}
