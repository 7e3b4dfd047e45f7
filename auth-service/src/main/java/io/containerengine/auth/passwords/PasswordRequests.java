package io.containerengine.auth.passwords;

import java.util.Locale;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request bodies of the password endpoints; none of them prints a secret. */
public final class PasswordRequests {

    private PasswordRequests() {
    }

    public record ChangePassword(@NotNull String currentPassword, @NotNull String newPassword,
            @NotNull String confirmNewPassword) {
        @Override
        public String toString() {
            return "ChangePassword[***]";
        }
    }

    public record ForgotPassword(@NotBlank @Size(max = 254) String email) {
        public ForgotPassword {
            email = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
        }
    }

    public record ResetPassword(@NotBlank @Size(max = 100) String token, @NotNull String newPassword) {
        @Override
        public String toString() {
            return "ResetPassword[***]";
        }
    }
}
