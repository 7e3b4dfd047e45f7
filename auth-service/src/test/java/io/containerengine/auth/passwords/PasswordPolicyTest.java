package io.containerengine.auth.passwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.containerengine.common.web.ApiException;

class PasswordPolicyTest {

    @Test
    void acceptsAReasonablePassword() {
        assertThat(PasswordPolicy.violation("correct-horse-battery", "alice", "alice@example.com")).isEmpty();
        assertThat(PasswordPolicy.violation("Zx9!kq2Lm", null, null)).isEmpty();
    }

    @Test
    void refusesShortAndOverlongPasswords() {
        assertThat(PasswordPolicy.violation("Zx9!kq2", null, null)).contains("must be at least 8 characters");
        assertThat(PasswordPolicy.violation("p".repeat(36) + "q".repeat(37), null, null))
                .contains("must be at most 72 bytes");
        // 72 bytes is bytes, not characters: 25 three-byte characters are 75 bytes.
        assertThat(PasswordPolicy.violation("€".repeat(25), null, null)).contains("must be at most 72 bytes");
    }

    @Test
    void refusesCommonPasswordsInAnyCase() {
        for (String weak : new String[] {"password", "PASSWORD1", "12345678", "qwertyui", "Passw0rd", "iloveyou"}) {
            assertThat(PasswordPolicy.violation(weak, null, null)).as(weak)
                    .contains("is too common or too easy to guess");
        }
    }

    @Test
    void refusesRepeatedCharactersAndPlainRuns() {
        for (String weak : new String[] {"aaaaaaaaaa", "23456789", "98765432", "bcdefghijk"}) {
            assertThat(PasswordPolicy.violation(weak, null, null)).as(weak).isPresent();
        }
    }

    @Test
    void refusesTheUsernameAndTheEmailOrItsLocalPart() {
        assertThat(PasswordPolicy.violation("Alice-2024", "alice-2024", "a@example.com")).isPresent();
        assertThat(PasswordPolicy.violation("bob.smith@example.com", "bob", "bob.smith@example.com")).isPresent();
        assertThat(PasswordPolicy.violation("BOB.SMITH", "bob", "bob.smith@example.com")).isPresent();
    }

    @Test
    void namesTheFieldInTheError() {
        assertThatThrownBy(() -> PasswordPolicy.check("new_password", "password", null, null))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.details()).startsWith("new_password: ");
                });
    }
}
