package io.containerengine.common.identity;

import java.util.ArrayList;
import java.util.List;

import org.springframework.util.AntPathMatcher;

/** Paths answered without an identity: the configured ones plus actuator endpoints. */
final class PublicPaths {

    private final AntPathMatcher matcher = new AntPathMatcher();
    private final List<String> patterns;

    PublicPaths(List<String> configured) {
        List<String> all = new ArrayList<>(configured);
        all.add("/actuator/**");
        this.patterns = List.copyOf(all);
    }

    boolean matches(String path) {
        for (String pattern : patterns) {
            if (matcher.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }
}
