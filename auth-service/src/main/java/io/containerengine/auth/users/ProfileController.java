package io.containerengine.auth.users;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.auth.web.ApiException;
import io.containerengine.common.identity.InternalIdentity;

@RestController
public class ProfileController {

    private final UserRepository users;

    public ProfileController(UserRepository users) {
        this.users = users;
    }

    @GetMapping("/v1/user/profile")
    public ProfileResponse profile(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        return users.findById(userId)
                .map(ProfileResponse::of)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "User not found"));
    }
}
