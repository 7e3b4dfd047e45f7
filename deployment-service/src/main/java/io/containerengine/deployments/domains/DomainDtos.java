package io.containerengine.deployments.domains;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.containerengine.common.web.RejectUnknownFields;

/** Bodies of the custom domain endpoints. */
public final class DomainDtos {

    private DomainDtos() {
    }

    @RejectUnknownFields
    public record AddDomainRequest(String domain) {
    }

    /** A DNS record the user creates at their DNS provider. */
    public record DnsRecord(String type, String name, String value) {
    }

    /**
     * @param dnsRecords the TXT record that proves control of the domain, and the CNAME that routes it here
     */
    public record DomainView(UUID id, UUID deploymentId, String domain, String status, List<DnsRecord> dnsRecords,
            Instant createdAt, Instant verifiedAt) {
    }

    public record DomainList(List<DomainView> domains) {
    }

    public record Removed(String message, UUID domainId, String domain) {
    }
}
