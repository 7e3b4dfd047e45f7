package io.containerengine.gateway.auth;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;

/** Checks an API key (implemented in the {@code apikeys} feature, which needs a lookup on a cache miss). */
public interface ApiKeyCheck {

    /** The key's caller, {@link Outcome#INVALID} or {@link Outcome#UNAVAILABLE}; never empty, never an error. */
    Mono<Outcome> check(String key);

    /** What a key is worth; a cache holds one instance per key, so a hit allocates nothing but its Mono. */
    record Outcome(@Nullable AuthenticatedCaller caller, boolean unavailable) {
        public static final Outcome INVALID = new Outcome(null, false);
        public static final Outcome UNAVAILABLE = new Outcome(null, true);
    }
}
