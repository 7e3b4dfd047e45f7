package io.containerengine.notifications.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void matchesTheStandardWebhooksReferenceVector() {
        // The example from the Standard Webhooks specification and its reference libraries.
        byte[] key = WebhookSignature.keyOf("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        String signature = WebhookSignature.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreWhsecPrefixedBase64Of32RandomBytes() {
        String first = WebhookSignature.newSecret();
        String second = WebhookSignature.newSecret();
        assertThat(first).startsWith("whsec_").isNotEqualTo(second);
        assertThat(Base64.getDecoder().decode(first.substring(6))).hasSize(32);
        assertThat(WebhookSignature.keyOf(first)).hasSize(32);
    }

    @Test
    void aSecretWithoutThePrefixIsUsedAsItsBytes() {
        assertThat(WebhookSignature.keyOf("plain-operator-secret"))
                .isEqualTo("plain-operator-secret".getBytes(StandardCharsets.UTF_8));
    }
}
