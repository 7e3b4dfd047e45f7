package io.containerengine.auth.account;

/**
 * Optional body of a logout. The session ended is the one of the access token the gateway forwards in
 * {@code Authorization}; a client may name it by its refresh token instead.
 */
public record LogoutRequest(String refreshToken) {

    @Override
    public String toString() {
        return "LogoutRequest[***]";
    }
}
