package io.containerengine.deployments.domains;

import java.util.List;

/** DNS lookups the domain verification needs; an interface so that tests can answer without a network. */
public interface DnsResolver {

    /**
     * The TXT records of {@code name}, each with its character-strings joined; empty when the name does not exist
     * or has none.
     *
     * @throws DnsLookupException when DNS could not be asked (timeout, no server)
     */
    List<String> txtRecords(String name);

    class DnsLookupException extends RuntimeException {
        public DnsLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
