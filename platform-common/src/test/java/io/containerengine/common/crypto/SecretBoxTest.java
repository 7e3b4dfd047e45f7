package io.containerengine.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void decryptsWhatItEncryptedAndNeverRepeatsACiphertext() {
        var box = new SecretBox(KEY);
        String first = box.encrypt("s3cret-password");
        assertThat(first).doesNotContain("s3cret");
        assertThat(box.encrypt("s3cret-password")).isNotEqualTo(first);
        assertThat(box.decrypt(first)).isEqualTo("s3cret-password");
    }

    @Test
    void refusesAnotherKeyOrAlteredText() {
        String sealed = new SecretBox(KEY).encrypt("s3cret");
        assertThatThrownBy(() -> new SecretBox(OTHER_KEY).decrypt(sealed)).isInstanceOf(IllegalArgumentException.class);
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length - 1] ^= 1;
        String altered = Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> new SecretBox(KEY).decrypt(altered)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAKeyOfTheWrongSize() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("SECRETS_KEY");
    }
}
