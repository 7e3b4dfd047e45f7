package io.containerengine.auth.users;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.auth.events.IdentityEvents;
import io.containerengine.auth.sessions.SessionRevocations;
import io.containerengine.auth.users.ProfileRequests.ProfileUpdated;
import io.containerengine.auth.users.ProfileRequests.UpdateProfile;
import io.containerengine.common.web.ApiException;

@Service
public class ProfileService {

    private final UserRepository users;
    private final SessionRevocations revocations;
    private final Clock clock;

    public ProfileService(UserRepository users, SessionRevocations revocations, Clock clock) {
        this.users = users;
        this.revocations = revocations;
        this.clock = clock;
    }

    @Transactional
    public ProfileUpdated update(UUID userId, UpdateProfile request) {
        User user = users.findById(userId)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "User not found"));
        if (!user.active()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Account is deactivated");
        }
        String username = request.username() == null ? user.username() : request.username();
        String email = request.email() == null ? user.email() : request.email();
        if (username.equals(user.username()) && email.equals(user.email())) {
            return new ProfileUpdated(user.id(), user.username(), user.email(), user.updatedAt());
        }
        if (!username.equalsIgnoreCase(user.username()) && users.usernameTakenByOther(username, userId)) {
            throw new ApiException(HttpStatus.CONFLICT, "Username already exists");
        }
        if (!email.equals(user.email()) && users.emailTakenByOther(email, userId)) {
            throw new ApiException(HttpStatus.CONFLICT, "Email already exists");
        }
        Instant now = now();
        try {
            users.updateProfile(userId, username, email, now);
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "Username or email already exists");
        }
        return new ProfileUpdated(userId, username, email, now);
    }

    /**
     * Deactivates a user: no more logins or refreshes, and every token dies at once (not-before revocation).
     *
     * @return false when the user was already inactive (nothing emitted again)
     */
    @Transactional
    public boolean deactivate(UUID userId) {
        if (!users.exists(userId)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "User not found");
        }
        Instant now = now();
        if (!users.deactivate(userId, now)) {
            return false;
        }
        revocations.revokeEverything(userId, now, IdentityEvents.REASON_DEACTIVATED);
        return true;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
