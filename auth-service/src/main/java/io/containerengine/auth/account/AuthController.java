package io.containerengine.auth.account;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.auth.account.AuthResponses.Message;
import io.containerengine.auth.account.AuthResponses.Refreshed;
import io.containerengine.auth.account.AuthResponses.Session;
import io.containerengine.auth.ratelimit.ClientAddress;
import io.containerengine.auth.ratelimit.RateLimitProperties.Action;
import io.containerengine.auth.ratelimit.RateLimiter;
import io.containerengine.common.web.ApiException;
import io.containerengine.common.identity.InternalIdentity;

@RestController
@RequestMapping("/v1/auth")
public class AuthController {

    private final AccountService accounts;
    private final RateLimiter limiter;
    private final ClientAddress clientAddress;

    public AuthController(AccountService accounts, RateLimiter limiter, ClientAddress clientAddress) {
        this.accounts = accounts;
        this.limiter = limiter;
        this.clientAddress = clientAddress;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    public Session register(@Valid @RequestBody RegisterRequest request, HttpServletRequest http) {
        limiter.check(Action.REGISTER, clientAddress.of(http), request.email());
        return accounts.register(request);
    }

    @PostMapping("/login")
    public Session login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        limiter.check(Action.LOGIN, clientAddress.of(http), request.email());
        try {
            Session session = accounts.login(request);
            limiter.clearLoginFailures(request.email());
            return session;
        } catch (ApiException e) {
            if (e.status() == HttpStatus.UNAUTHORIZED) {
                limiter.recordLoginFailure(request.email());
            }
            throw e;
        }
    }

    @PostMapping("/refresh")
    public Refreshed refresh(@Valid @RequestBody RefreshRequest request, HttpServletRequest http) {
        String account = accounts.refreshTokenOwner(request.refreshToken()).map(UUID::toString).orElse(null);
        limiter.check(Action.REFRESH, clientAddress.of(http), account);
        return accounts.refresh(request.refreshToken());
    }

    @PostMapping("/logout")
    public Message logout(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @RequestBody(required = false) LogoutRequest request, HttpServletRequest http) {
        accounts.logout(userId, bearer(http), request == null ? null : request.refreshToken());
        return new Message("Successfully logged out");
    }

    /** The access token the client sent the gateway, which forwards {@code Authorization} as is. */
    public static String bearer(HttpServletRequest http) {
        String header = http.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
