package io.containerengine.auth.users;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.containerengine.common.web.RejectUnknownFields;

/** Bodies of PUT /v1/user/profile; the rules for username and e-mail are the registration's. */
public final class ProfileRequests {

    private ProfileRequests() {
    }

    /**
     * Both fields optional; a field left out (or null) keeps its value. Normalised like at registration. Unknown
     * fields are refused: a misspelt {@code "emial"} would otherwise answer 200 and change nothing.
     */
    @RejectUnknownFields
    public record UpdateProfile(
            @Pattern(regexp = "[a-zA-Z0-9_-]{3,32}",
                    message = "must be 3-32 characters of letters, digits, '_' or '-'") String username,
            @Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
                    message = "must be a valid email address") String email) {

        public UpdateProfile {
            username = username == null ? null : username.trim();
            email = email == null ? null : email.trim().toLowerCase(Locale.ROOT);
        }
    }

    public record ProfileUpdated(UUID id, String username, String email, Instant updatedAt) {
    }
}
