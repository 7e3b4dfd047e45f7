package io.containerengine.auth.passwords;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;

import io.containerengine.common.web.ApiException;

/**
 * The one password policy, checked the same on register, change and reset (never on login: an old password
 * keeps working until it is changed). A password must be 8 characters or more and at most 72 bytes (bcrypt looks
 * at no more), and not trivially weak: not one of the most common passwords, not one repeated character or a plain
 * run like "12345678" / "abcdefgh", and not the account's own username, e-mail or e-mail local part.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;

    /** The most common passwords of 8+ characters in public breach lists; compared case-insensitively. */
    private static final Set<String> COMMON = Set.of(
            "password", "password1", "password12", "password123", "password1234", "password!", "passw0rd",
            "p@ssw0rd", "p@ssword", "pa$$word", "12345678", "123456789", "1234567890", "0123456789", "87654321",
            "11111111", "00000000", "12341234", "11223344", "12121212", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx",
            "zaq12wsx", "qwertyui", "qwertyuiop", "qwerty12", "qwerty123", "qwerty1234", "1qazxsw2", "asdfghjk",
            "asdfghjkl", "asdfasdf", "zxcvbnm1", "zxcvbnm123", "abcdefgh", "abcd1234", "abc12345", "abc123456",
            "iloveyou", "iloveyou1", "letmein1", "letmein123", "welcome1", "welcome123", "admin123", "admin1234",
            "administrator", "changeme", "changeme1", "sunshine", "football", "baseball", "princess", "trustno1",
            "superman", "starwars", "whatever", "computer", "internet", "monkey123", "dragon123", "master123",
            "123qweasd", "qweasdzxc", "q1w2e3r4", "q1w2e3r4t5", "secret123", "default1", "container",
            "containerengine");

    private PasswordPolicy() {
    }

    /**
     * @param field    the request field the password came in, named in the error ({@code password},
     *                 {@code new_password})
     * @param username the account's username (may be null)
     * @param email    the account's e-mail (may be null)
     * @throws ApiException 400 naming the field when the password breaks the policy
     */
    public static void check(String field, String password, String username, String email) {
        violation(password, username, email).ifPresent(reason -> {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data", field + ": " + reason);
        });
    }

    /** Why the password is refused, or empty when it is acceptable. */
    public static Optional<String> violation(String password, String username, String email) {
        if (password == null) {
            return Optional.of("must not be null");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return Optional.of("must be at most " + MAX_BYTES + " bytes");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || oneCharacterOrPlainRun(lower)) {
            return Optional.of("is too common or too easy to guess");
        }
        if (sameAs(lower, username) || sameAs(lower, email)
                || (email != null && email.indexOf('@') > 0 && sameAs(lower, email.substring(0, email.indexOf('@'))))) {
            return Optional.of("must not be your username or e-mail address");
        }
        return Optional.empty();
    }

    private static boolean sameAs(String lowerPassword, String value) {
        return value != null && lowerPassword.equals(value.trim().toLowerCase(Locale.ROOT));
    }

    /** "aaaaaaaa", "12345678", "87654321", "abcdefgh": every character one step (or none) from the previous one. */
    private static boolean oneCharacterOrPlainRun(String password) {
        int step = password.charAt(1) - password.charAt(0);
        if (Math.abs(step) > 1) {
            return false;
        }
        for (int i = 2; i < password.length(); i++) {
            if (password.charAt(i) - password.charAt(i - 1) != step) {
                return false;
            }
        }
        return true;
    }
}
