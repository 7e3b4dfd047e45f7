package io.containerengine.deployments.domains;

import java.util.Locale;
import java.util.regex.Pattern;

import io.containerengine.deployments.web.ValidationException;

/**
 * What a custom domain may be: an RFC 1123 host name of at least two labels (ASCII; IDNs in their xn-- form),
 * not an IP address, and not the platform's own domain or anything under it.
 */
final class DomainNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");

    private DomainNames() {
    }

    /** The normalised name (lower case, no trailing dot) or a 400 naming {@code domain}. */
    static String normalise(String raw, String domainSuffix) {
        if (raw == null || raw.isBlank()) {
            throw ValidationException.of("domain", "is required");
        }
        String domain = raw.trim().toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.length() > 253) {
            throw ValidationException.of("domain", "must be at most 253 characters");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            throw ValidationException.of("domain", "must be a fully qualified host name such as app.example.com");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw ValidationException.of("domain", "must be a host name (RFC 1123): labels of 1-63 letters,"
                        + " digits and '-', not starting or ending with '-'");
            }
        }
        // A top-level label without letters is an IPv4 address (or no real TLD).
        if (!HAS_LETTER.matcher(labels[labels.length - 1]).matches()) {
            throw ValidationException.of("domain", "must be a host name, not an IP address");
        }
        String suffix = domainSuffix.toLowerCase(Locale.ROOT);
        if (domain.equals(suffix) || domain.endsWith("." + suffix)) {
            throw ValidationException.of("domain", "must not be under the platform's domain " + suffix);
        }
        return domain;
    }
}
