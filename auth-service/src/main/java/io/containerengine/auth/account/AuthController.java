package io.containerengine.auth.account;

import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.auth.account.AuthResponses.AccessToken;
import io.containerengine.auth.account.AuthResponses.Message;
import io.containerengine.auth.account.AuthResponses.Session;
import io.containerengine.common.identity.InternalIdentity;

@RestController
@RequestMapping("/v1/auth")
public class AuthController {

    private final AccountService accounts;

    public AuthController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    public Session register(@Valid @RequestBody RegisterRequest request) {
        return accounts.register(request);
    }

    @PostMapping("/login")
    public Session login(@Valid @RequestBody LoginRequest request) {
        return accounts.login(request);
    }

    @PostMapping("/refresh")
    public AccessToken refresh(@Valid @RequestBody RefreshRequest request) {
        return accounts.refresh(request);
    }

    @PostMapping("/logout")
    public Message logout(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        accounts.logout(userId);
        return new Message("Successfully logged out");
    }
}
