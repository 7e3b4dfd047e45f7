package io.containerengine.auth.passwords;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param resetLinkBaseUrl the page that completes a reset (env {@code PASSWORD_RESET_URL}); the e-mailed link is
 *                         this URL with {@code token=<token>} added to its query
 * @param resetTokenTtl    how long a reset link works (env {@code PASSWORD_RESET_TTL})
 */
@ConfigurationProperties("ce.auth")
public record PasswordResetProperties(
        @DefaultValue("http://localhost:3000/reset-password") String resetLinkBaseUrl,
        @DefaultValue("30m") Duration resetTokenTtl) {

    public PasswordResetProperties {
        URI uri;
        try {
            uri = URI.create(resetLinkBaseUrl);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("ce.auth.reset-link-base-url (env PASSWORD_RESET_URL) must be a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getFragment() != null) {
            throw new IllegalArgumentException(
                    "ce.auth.reset-link-base-url (env PASSWORD_RESET_URL) must be an http(s) URL without fragment");
        }
        if (resetTokenTtl.isNegative() || resetTokenTtl.isZero()) {
            throw new IllegalArgumentException("ce.auth.reset-token-ttl must be positive");
        }
    }

    public String linkFor(String token) {
        return resetLinkBaseUrl + (resetLinkBaseUrl.contains("?") ? "&" : "?") + "token=" + token;
    }
}
