package io.containerengine.auth.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.containerengine.auth.account.AuthResponses.Refreshed;
import io.containerengine.auth.account.AuthResponses.Session;
import io.containerengine.auth.account.AuthResponses.UserSummary;
import io.containerengine.auth.events.IdentityEvents;
import io.containerengine.auth.passwords.PasswordPolicy;
import io.containerengine.auth.sessions.SessionRepository;
import io.containerengine.auth.sessions.SessionRevocations;
import io.containerengine.auth.tokens.IssuedToken;
import io.containerengine.auth.tokens.JwtTokens;
import io.containerengine.auth.tokens.RefreshTokenRepository;
import io.containerengine.auth.tokens.RefreshTokenRepository.RefreshTokenRow;
import io.containerengine.auth.tokens.TokenType;
import io.containerengine.auth.users.User;
import io.containerengine.auth.users.UserRepository;
import io.containerengine.common.web.ApiException;

/** Registration, login and the life of sessions (refresh-token rotation, reuse detection, logout). */
@Service
public class AccountService {

    static final String INVALID_CREDENTIALS = "Invalid credentials";
    static final String INVALID_REFRESH_TOKEN = "Invalid or expired refresh token";

    private final UserRepository users;
    private final SessionRepository sessions;
    private final RefreshTokenRepository refreshTokens;
    private final SessionRevocations revocations;
    private final IdentityEvents events;
    private final JwtTokens tokens;
    private final PasswordEncoder passwords;
    private final TransactionTemplate tx;
    private final Clock clock;
    /** Compared against when the email is unknown, so that both failures cost one bcrypt check. */
    private final String dummyHash;

    public AccountService(UserRepository users, SessionRepository sessions, RefreshTokenRepository refreshTokens,
            SessionRevocations revocations, IdentityEvents events, JwtTokens tokens, PasswordEncoder passwords,
            PlatformTransactionManager transactions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.events = events;
        this.tokens = tokens;
        this.passwords = passwords;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Transactional
    public Session register(RegisterRequest request) {
        PasswordPolicy.check("password", request.password(), request.username(), request.email());
        if (!request.password().equals(request.confirmPassword())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data",
                    "confirm_password: must match password");
        }
        checkAvailable(request.username(), request.email());
        Instant now = now();
        User user = new User(UUID.randomUUID(), request.username(), request.email(),
                passwords.encode(request.password()), true, now, now, null, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            // A concurrent registration won between the check and the insert.
            throw new ApiException(HttpStatus.CONFLICT, "Username or email already exists");
        }
        events.userRegistered(user.id(), user.username(), user.email());
        return openSession(user, now);
    }

    /** @throws ApiException 401 with the same message for an unknown e-mail, a wrong password and a deactivated user */
    @Transactional
    public Session login(LoginRequest request) {
        User user = users.findByEmail(request.email()).orElse(null);
        boolean matches = matches(request.password(), user == null ? dummyHash : user.passwordHash());
        if (user == null || !matches || !user.active()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, INVALID_CREDENTIALS);
        }
        Instant now = now();
        users.updateLastLogin(user.id(), now);
        sessions.deleteDead(user.id(), now);
        refreshTokens.deleteExpired(user.id(), now);
        return openSession(user, now);
    }

    /**
     * Exchanges a refresh token for a new access token and a new refresh token of the same session; the presented
     * one is spent. Presenting a spent token again means it was copied: the whole session is revoked (and the
     * gateways told), so neither the thief nor the owner can go on with it.
     */
    public Refreshed refresh(String refreshToken) {
        IssuedToken presented = tokens.parse(refreshToken, TokenType.REFRESH)
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, INVALID_REFRESH_TOKEN));
        // Not @Transactional: a detected reuse must commit its revocation and still answer 401.
        Refreshed refreshed = tx.execute(status -> rotate(presented));
        if (refreshed == null) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, INVALID_REFRESH_TOKEN);
        }
        return refreshed;
    }

    private Refreshed rotate(IssuedToken presented) {
        Instant now = now();
        RefreshTokenRow row = refreshTokens.lock(presented.jti()).orElse(null);
        if (row == null || !row.userId().equals(presented.userId())
                || !row.sessionId().equals(presented.sessionId())) {
            return null;
        }
        var session = sessions.lock(row.sessionId()).orElse(null);
        if (session == null || !session.liveAt(now) || !row.expiresAt().isAfter(now)) {
            return null;
        }
        if (row.usedAt() != null) {
            revocations.revoke(row.userId(), row.sessionId(), now, IdentityEvents.REASON_REFRESH_TOKEN_REUSE);
            return null;
        }
        User user = users.findById(row.userId()).filter(User::active).orElse(null);
        if (user == null || issuedBefore(presented, user.tokensNotBefore())) {
            // also covers a session opened concurrently with a password reset, which the reset's revocation missed
            return null;
        }
        refreshTokens.markUsed(row.jti(), now);
        IssuedToken access = tokens.issue(row.userId(), row.sessionId(), TokenType.ACCESS, user.tokensNotBefore());
        IssuedToken refresh = tokens.issue(row.userId(), row.sessionId(), TokenType.REFRESH, user.tokensNotBefore());
        refreshTokens.save(refresh);
        sessions.extend(row.sessionId(), refresh.expiresAt());
        return new Refreshed(access.token(), refresh.token(), access.expiresAt());
    }

    /**
     * Ends the caller's session: the one of the access token (forwarded by the gateway) or of the refresh token in
     * the body. Without either (an API-key call) every session of the user ends.
     */
    @Transactional
    public void logout(UUID userId, String accessToken, String refreshToken) {
        Instant now = now();
        Optional<UUID> session = sessionOf(userId, accessToken, TokenType.ACCESS)
                .or(() -> sessionOf(userId, refreshToken, TokenType.REFRESH));
        if (session.isPresent()) {
            revocations.revoke(userId, session.get(), now, IdentityEvents.REASON_LOGOUT);
        } else {
            revocations.revokeAllExcept(userId, null, now, IdentityEvents.REASON_LOGOUT);
        }
    }

    /** The session of {@code token} if it is a valid token of that type belonging to {@code userId}. */
    public Optional<UUID> sessionOf(UUID userId, String token, TokenType type) {
        return tokens.parse(token, type).filter(t -> t.userId().equals(userId)).map(IssuedToken::sessionId);
    }

    /** The refresh token's user, for per-account rate limits; empty when the token is not ours. */
    public Optional<UUID> refreshTokenOwner(String refreshToken) {
        return tokens.parse(refreshToken, TokenType.REFRESH).map(IssuedToken::userId);
    }

    private void checkAvailable(String username, String email) {
        if (users.usernameTaken(username)) {
            throw new ApiException(HttpStatus.CONFLICT, "Username already exists");
        }
        if (users.emailTaken(email)) {
            throw new ApiException(HttpStatus.CONFLICT, "Email already exists");
        }
    }

    private Session openSession(User user, Instant now) {
        UUID sessionId = UUID.randomUUID();
        IssuedToken access = tokens.issue(user.id(), sessionId, TokenType.ACCESS, user.tokensNotBefore());
        IssuedToken refresh = tokens.issue(user.id(), sessionId, TokenType.REFRESH, user.tokensNotBefore());
        sessions.open(sessionId, user.id(), now, refresh.expiresAt());
        refreshTokens.save(refresh);
        return new Session(access.token(), refresh.token(), access.expiresAt(),
                new UserSummary(user.id(), user.username(), user.email()));
    }

    private static boolean issuedBefore(IssuedToken token, Instant notBefore) {
        return notBefore != null && (token.issuedAt() == null || token.issuedAt().isBefore(notBefore));
    }

    private boolean matches(String raw, String hash) {
        try {
            return passwords.matches(raw, hash);
        } catch (IllegalArgumentException e) {
            // bcrypt refuses passwords over 72 bytes; such a password can never be right.
            return false;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
