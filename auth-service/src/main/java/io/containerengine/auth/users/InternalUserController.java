package io.containerengine.auth.users;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.auth.account.AuthResponses.Message;
import io.containerengine.common.web.ApiException;
import io.containerengine.common.identity.InternalIdentity;

/** Platform-only operations (signed as {@link InternalIdentity#SYSTEM}); the gateway routes no /internal path. */
@RestController
public class InternalUserController {

    private final ProfileService profiles;

    public InternalUserController(ProfileService profiles) {
        this.profiles = profiles;
    }

    @PostMapping("/internal/users/{userId}/deactivate")
    public Message deactivate(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID caller,
            @PathVariable UUID userId) {
        if (!InternalIdentity.SYSTEM.equals(caller)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "Forbidden");
        }
        profiles.deactivate(userId);
        return new Message("User deactivated");
    }
}
