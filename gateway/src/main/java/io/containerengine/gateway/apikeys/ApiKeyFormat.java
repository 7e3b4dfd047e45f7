package io.containerengine.gateway.apikeys;

/**
 * The shape of the keys apikey-service issues: {@code ce_<env>_<base64url>} ({@code ce_dev_}, {@code ce_live_}).
 * Malformed keys are refused here, before any hashing, lookup or call.
 */
public final class ApiKeyFormat {

    private static final String PREFIX = "ce_";
    private static final int MIN_LENGTH = 20;
    private static final int MAX_LENGTH = 200;

    private ApiKeyFormat() {
    }

    /** True if the candidate has the shape of a key apikey-service could have issued. */
    public static boolean isWellFormed(String key) {
        int length = key.length();
        if (length < MIN_LENGTH || length > MAX_LENGTH || !key.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < length; i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
