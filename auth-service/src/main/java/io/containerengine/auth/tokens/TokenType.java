package io.containerengine.auth.tokens;

/** Value of the {@code typ} claim; the gateway accepts only {@link #ACCESS} tokens. */
public enum TokenType {
    ACCESS("access"), REFRESH("refresh");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
