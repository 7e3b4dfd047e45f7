package io.containerengine.auth.account;

import java.util.Locale;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Username and email are trimmed (email also lower-cased) before validation; passwords are taken as typed. */
public record RegisterRequest(
        @NotBlank @Pattern(regexp = "[a-zA-Z0-9_-]{3,32}",
                message = "must be 3-32 characters of letters, digits, '_' or '-'") String username,
        @NotBlank @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
                message = "must be a valid email address") String email,
        // Length and strength: PasswordPolicy, the one place that decides (register, change, reset).
        @NotNull String password,
        @NotNull String confirmPassword) {

    public RegisterRequest {
        username = username == null ? null : username.trim();
        email = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "RegisterRequest[username=" + username + "]";
    }
}
