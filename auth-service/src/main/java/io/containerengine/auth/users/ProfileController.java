package io.containerengine.auth.users;

import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.containerengine.auth.users.ProfileRequests.ProfileUpdated;
import io.containerengine.auth.users.ProfileRequests.UpdateProfile;
import io.containerengine.common.web.ApiException;
import io.containerengine.common.identity.InternalIdentity;

@RestController
public class ProfileController {

    private final UserRepository users;
    private final ProfileService profiles;

    public ProfileController(UserRepository users, ProfileService profiles) {
        this.users = users;
        this.profiles = profiles;
    }

    @GetMapping("/v1/user/profile")
    public ProfileResponse profile(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId) {
        return users.findById(userId)
                .map(ProfileResponse::of)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "User not found"));
    }

    @PutMapping("/v1/user/profile")
    public ProfileUpdated update(@RequestAttribute(InternalIdentity.USER_ID_ATTRIBUTE) UUID userId,
            @Valid @RequestBody UpdateProfile request) {
        return profiles.update(userId, request);
    }
}
