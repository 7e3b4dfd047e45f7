package io.containerengine.auth.passwords;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.auth.account.AuthController;
import io.containerengine.auth.account.AuthResponses.Message;
import io.containerengine.auth.passwords.PasswordRequests.ChangePassword;
import io.containerengine.auth.passwords.PasswordRequests.ForgotPassword;
import io.containerengine.auth.passwords.PasswordRequests.ResetPassword;
import io.containerengine.auth.ratelimit.ClientAddress;
import io.containerengine.auth.ratelimit.RateLimitProperties.Action;
import io.containerengine.auth.ratelimit.RateLimiter;
import io.containerengine.common.identity.InternalIdentity;

@RestController
public class PasswordController {

    static final String RESET_REQUESTED =
            "If an account with that email exists, a password reset link has been sent.";

    private final PasswordService service;
    private final RateLimiter limiter;
    private final ClientAddress clientAddress;

    public PasswordController(PasswordService service, RateLimiter limiter, ClientAddress clientAddress) {
        this.service = service;
        this.limiter = limiter;
        this.clientAddress = clientAddress;
    }

    @PutMapping("/v1/user/password")
    public Message change(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @Valid @RequestBody ChangePassword request, HttpServletRequest http) {
        service.change(userId, AuthController.bearer(http), request);
        return new Message("Password updated successfully");
    }

    /** Always the same answer, as fast for unknown e-mails as for known ones (the work happens afterwards). */
    @PostMapping("/v1/auth/forgot-password")
    public Message forgot(@Valid @RequestBody ForgotPassword request, HttpServletRequest http) {
        limiter.check(Action.FORGOT_PASSWORD, clientAddress.of(http), request.email());
        service.requestReset(request.email());
        return new Message(RESET_REQUESTED);
    }

    @PostMapping("/v1/auth/reset-password")
    public Message reset(@Valid @RequestBody ResetPassword request) {
        String email = service.reset(request);
        limiter.clearLoginFailures(email);
        return new Message("Password reset successfully");
    }
}
