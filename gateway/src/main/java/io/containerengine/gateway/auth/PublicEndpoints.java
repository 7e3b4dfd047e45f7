package io.containerengine.gateway.auth;

import java.util.Set;

import org.springframework.http.HttpMethod;

/**
 * The API calls answered without a token. Matched exactly (method and raw path), so no path trick such as
 * {@code /v1/auth/login/../../deployments} can borrow a public path's exemption.
 */
final class PublicEndpoints {

    private static final Set<String> PUBLIC_POSTS = Set.of(
            "/v1/auth/register",
            "/v1/auth/login",
            "/v1/auth/refresh",
            "/v1/auth/forgot-password",
            "/v1/auth/reset-password");

    private static final String WS_HEALTH = "/v1/ws/health";

    private PublicEndpoints() {
    }

    static boolean isPublic(HttpMethod method, String path) {
        if (HttpMethod.POST.equals(method)) {
            return PUBLIC_POSTS.contains(path);
        }
        return HttpMethod.GET.equals(method) && WS_HEALTH.equals(path);
    }
}
