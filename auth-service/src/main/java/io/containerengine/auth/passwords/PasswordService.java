package io.containerengine.auth.passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.auth.events.IdentityEvents;
import io.containerengine.auth.passwords.PasswordRequests.ChangePassword;
import io.containerengine.auth.passwords.PasswordRequests.ResetPassword;
import io.containerengine.auth.passwords.ResetTokenRepository.ResetToken;
import io.containerengine.auth.sessions.SessionRevocations;
import io.containerengine.auth.tokens.IssuedToken;
import io.containerengine.auth.tokens.JwtTokens;
import io.containerengine.auth.tokens.TokenType;
import io.containerengine.auth.users.User;
import io.containerengine.auth.users.UserRepository;
import io.containerengine.common.web.ApiException;
import io.containerengine.common.crypto.SecretBox;

/** Password change, forgotten-password requests and resets. */
@Service
public class PasswordService {

    private static final Logger log = LoggerFactory.getLogger(PasswordService.class);
    private static final int TOKEN_BYTES = 32;

    private final UserRepository users;
    private final ResetTokenRepository resetTokens;
    private final SessionRevocations revocations;
    private final IdentityEvents events;
    private final JwtTokens tokens;
    private final PasswordEncoder passwords;
    private final SecretBox secretBox;
    private final PasswordResetProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /**
     * Forgot-password requests are handled off the request thread, so that the answer takes the same time whether
     * the e-mail belongs to an account or not. Bounded: when full, requests are dropped (the answer is the same).
     */
    private final ThreadPoolExecutor resetRequests = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256), runnable -> {
                Thread thread = new Thread(runnable, "password-reset-requests");
                thread.setDaemon(true);
                return thread;
            });

    public PasswordService(UserRepository users, ResetTokenRepository resetTokens, SessionRevocations revocations,
            IdentityEvents events, JwtTokens tokens, PasswordEncoder passwords, SecretBox secretBox,
            PasswordResetProperties properties, PlatformTransactionManager transactions, Clock clock) {
        this.users = users;
        this.resetTokens = resetTokens;
        this.revocations = revocations;
        this.events = events;
        this.tokens = tokens;
        this.passwords = passwords;
        this.secretBox = secretBox;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Changes the caller's password and ends every other session; the session of {@code accessToken} (the one
     * making the change) stays. Outstanding reset links die too.
     */
    @Transactional
    public void change(UUID userId, String accessToken, ChangePassword request) {
        User user = users.findById(userId)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "User not found"));
        if (!user.active()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Account is deactivated");
        }
        if (!matches(request.currentPassword(), user.passwordHash())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Current password is incorrect",
                    "current_password: is incorrect");
        }
        PasswordPolicy.check("new_password", request.newPassword(), user.username(), user.email());
        if (!request.newPassword().equals(request.confirmNewPassword())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data",
                    "confirm_new_password: must match new_password");
        }
        if (request.newPassword().equals(request.currentPassword())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data",
                    "new_password: must differ from the current password");
        }
        Instant now = now();
        users.updatePassword(userId, passwords.encode(request.newPassword()), now);
        UUID current = tokens.parse(accessToken, TokenType.ACCESS).filter(t -> t.userId().equals(userId))
                .map(IssuedToken::sessionId).orElse(null);
        revocations.revokeAllExcept(userId, current, now, IdentityEvents.REASON_PASSWORD_CHANGED);
        resetTokens.deleteAllOf(userId);
    }

    /**
     * Queues a reset for {@code email}. The caller answers the same whatever happens here: unknown and deactivated
     * accounts get nothing, and nothing is said about them.
     */
    public void requestReset(String email) {
        try {
            resetRequests.execute(() -> {
                try {
                    tx.executeWithoutResult(status -> issueReset(email));
                } catch (RuntimeException e) {
                    log.warn("A password reset request could not be processed: {}", e.getClass().getSimpleName());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Password reset requests are arriving faster than they are processed; one was dropped");
        }
    }

    private void issueReset(String email) {
        User user = users.findByEmail(email).filter(User::active).orElse(null);
        if (user == null) {
            return;
        }
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(token);
        Instant now = now();
        Instant expires = now.plus(properties.resetTokenTtl());
        resetTokens.insert(hash, user.id(), now, expires);
        resetTokens.deleteOthers(user.id(), hash, now);
        // The link is a credential: it leaves this service only sealed, for notification-service to open.
        events.passwordResetRequested(user.id(), user.email(), user.username(),
                secretBox.encrypt(properties.linkFor(token)), expires);
    }

    /**
     * Sets a new password with an e-mailed token (single use, short-lived) and ends every session of the user.
     * The policy is checked before the token is spent, so a refused password doesn't cost the link.
     *
     * @return the e-mail of the account, whose failed-login count the caller clears
     */
    @Transactional
    public String reset(ResetPassword request) {
        Instant now = now();
        ResetToken token = resetTokens.lock(sha256(request.token())).orElseThrow(PasswordService::invalidToken);
        if (token.usedAt() != null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Reset token has already been used",
                    "token: request a new reset link");
        }
        if (!token.expiresAt().isAfter(now)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Reset token has expired",
                    "token: request a new reset link");
        }
        User user = users.findById(token.userId()).filter(User::active).orElseThrow(PasswordService::invalidToken);
        PasswordPolicy.check("new_password", request.newPassword(), user.username(), user.email());
        resetTokens.markUsed(token.tokenHash(), now);
        resetTokens.deleteOthers(user.id(), token.tokenHash(), now);
        users.updatePassword(user.id(), passwords.encode(request.newPassword()), now);
        revocations.revokeEverything(user.id(), now, IdentityEvents.REASON_PASSWORD_RESET);
        return user.email();
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        resetRequests.shutdown();
        resetRequests.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static ApiException invalidToken() {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid reset token", "token: request a new reset link");
    }

    private boolean matches(String raw, String hash) {
        try {
            return passwords.matches(raw, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
