package io.containerengine.auth.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.containerengine.auth.account.AuthResponses.AccessToken;
import io.containerengine.auth.account.AuthResponses.Session;
import io.containerengine.auth.account.AuthResponses.UserSummary;
import io.containerengine.auth.tokens.IssuedToken;
import io.containerengine.auth.tokens.JwtTokens;
import io.containerengine.auth.tokens.RefreshTokenRepository;
import io.containerengine.auth.tokens.TokenType;
import io.containerengine.auth.users.User;
import io.containerengine.auth.users.UserRepository;
import io.containerengine.auth.web.ApiException;

@Service
public class AccountService {

    static final String INVALID_CREDENTIALS = "Invalid credentials";
    static final String INVALID_REFRESH_TOKEN = "Invalid or expired refresh token";

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final JwtTokens tokens;
    private final PasswordEncoder passwords;
    private final Clock clock;
    /** Compared against when the email is unknown, so that both failures cost one bcrypt check. */
    private final String dummyHash;

    public AccountService(UserRepository users, RefreshTokenRepository refreshTokens, JwtTokens tokens,
            PasswordEncoder passwords, Clock clock) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.passwords = passwords;
        this.clock = clock;
        this.dummyHash = passwords.encode(UUID.randomUUID().toString());
    }

    @Transactional
    public Session register(RegisterRequest request) {
        if (!request.password().equals(request.confirmPassword())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "Invalid input data",
                    "confirm_password: must match password");
        }
        checkAvailable(request.username(), request.email());
        Instant now = now();
        User user = new User(UUID.randomUUID(), request.username(), request.email(),
                passwords.encode(request.password()), true, now, now, null);
        try {
            users.insert(user);
        } catch (DuplicateKeyException e) {
            // A concurrent registration won between the check and the insert.
            throw new ApiException(HttpStatus.CONFLICT, "Username or email already exists");
        }
        return openSession(user);
    }

    @Transactional
    public Session login(LoginRequest request) {
        User user = users.findByEmail(request.email()).orElse(null);
        boolean matches = matches(request.password(), user == null ? dummyHash : user.passwordHash());
        if (user == null || !matches || !user.active()) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, INVALID_CREDENTIALS);
        }
        Instant now = now();
        users.updateLastLogin(user.id(), now);
        refreshTokens.deleteDead(user.id(), now);
        return openSession(user);
    }

    @Transactional(readOnly = true)
    public AccessToken refresh(RefreshRequest request) {
        IssuedToken refresh = tokens.parse(request.refreshToken(), TokenType.REFRESH)
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, INVALID_REFRESH_TOKEN));
        boolean usable = refreshTokens.isUsable(refresh.jti(), refresh.userId(), clock.instant())
                && users.findById(refresh.userId()).map(User::active).orElse(false);
        if (!usable) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, INVALID_REFRESH_TOKEN);
        }
        IssuedToken access = tokens.issue(refresh.userId(), TokenType.ACCESS);
        return new AccessToken(access.token(), access.expiresAt());
    }

    /** Revokes every refresh token of the user; access tokens expire on their own (they are short-lived). */
    @Transactional
    public void logout(UUID userId) {
        refreshTokens.revokeAll(userId, now());
    }

    private void checkAvailable(String username, String email) {
        if (users.usernameTaken(username)) {
            throw new ApiException(HttpStatus.CONFLICT, "Username already exists");
        }
        if (users.emailTaken(email)) {
            throw new ApiException(HttpStatus.CONFLICT, "Email already exists");
        }
    }

    private Session openSession(User user) {
        IssuedToken access = tokens.issue(user.id(), TokenType.ACCESS);
        IssuedToken refresh = tokens.issue(user.id(), TokenType.REFRESH);
        refreshTokens.save(refresh);
        return new Session(access.token(), refresh.token(), access.expiresAt(),
                new UserSummary(user.id(), user.username(), user.email()));
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
