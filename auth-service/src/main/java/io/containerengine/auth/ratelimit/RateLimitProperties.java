package io.containerengine.auth.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request limits of the public auth endpoints ({@code ce.auth.rate-limit.*}), counted in Redis in fixed windows.
 *
 * @param enabled        off only for local experiments
 * @param forwardedHops  how many {@code X-Forwarded-For} entries at the end were added by our own proxies; the
 *                       client is the entry just before them (1 = the gateway is the only proxy and appends the
 *                       peer it saw as the last entry). Entries further left were sent by the client and are not
 *                       trusted, or anyone could pick a fresh "IP" per request.
 * @param loginFailures  failed logins of one account after which its logins answer 429 until the window passes
 */
@ConfigurationProperties("ce.auth.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1") int forwardedHops,
        Limit login,
        Limit register,
        Limit forgotPassword,
        Limit refresh,
        Failures loginFailures) {

    public RateLimitProperties {
        if (forwardedHops < 0) {
            throw new IllegalArgumentException("ce.auth.rate-limit.forwarded-hops must be >= 0");
        }
        login = login == null ? new Limit(20, 10, Duration.ofMinutes(1)) : login;
        register = register == null ? new Limit(10, 5, Duration.ofHours(1)) : register;
        forgotPassword = forgotPassword == null ? new Limit(10, 3, Duration.ofMinutes(15)) : forgotPassword;
        refresh = refresh == null ? new Limit(60, 30, Duration.ofMinutes(1)) : refresh;
        loginFailures = loginFailures == null ? new Failures(10, Duration.ofMinutes(15)) : loginFailures;
    }

    /** At most {@code perIp} requests per client address and {@code perAccount} per account in each window. */
    public record Limit(int perIp, int perAccount, Duration window) {
        public Limit {
            if (perIp < 1 || perAccount < 1 || window == null || window.toMillis() < 1) {
                throw new IllegalArgumentException("ce.auth.rate-limit limits and windows must be positive");
            }
        }
    }

    public record Failures(int max, Duration window) {
        public Failures {
            if (max < 1 || window == null || window.toMillis() < 1) {
                throw new IllegalArgumentException("ce.auth.rate-limit.login-failures must be positive");
            }
        }
    }

    public Limit limitOf(Action action) {
        return switch (action) {
            case LOGIN -> login;
            case REGISTER -> register;
            case FORGOT_PASSWORD -> forgotPassword;
            case REFRESH -> refresh;
        };
    }

    /** The limited endpoints; the key segment names the counter in Redis. */
    public enum Action {
        LOGIN("login"), REGISTER("register"), FORGOT_PASSWORD("forgot-password"), REFRESH("refresh");

        private final String key;

        Action(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
