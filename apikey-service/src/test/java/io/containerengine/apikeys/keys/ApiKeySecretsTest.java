package io.containerengine.apikeys.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeySecretsTest {

    @Test
    void keysCarryTheConfiguredPrefixAnd256RandomBits() {
        String key = new ApiKeySecrets(ApiKeysProperties.withPrefix("ce_live_")).newKey();

        assertThat(key).matches("ce_live_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeySecrets.displayPrefix(key)).hasSize(12).startsWith("ce_live_");
    }

    @Test
    void hashesWithSha256Hex() {
        assertThat(ApiKeySecrets.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void refusesUnusablePrefix() {
        assertThatThrownBy(() -> ApiKeysProperties.withPrefix("")).hasMessageContaining("ce.apikeys.prefix");
        assertThatThrownBy(() -> ApiKeysProperties.withPrefix("much_too_long_")).hasMessageContaining("ce.apikeys.prefix");
    }
}
