package io.containerengine.deployments.domains;

import java.time.Instant;
import java.util.UUID;

/** A host name a user maps to one of their deployments; routed once the DNS proof was seen. */
public record CustomDomain(
        UUID id,
        UUID deploymentId,
        UUID userId,
        String domain,
        String verificationToken,
        String status,
        Instant createdAt,
        Instant verifiedAt) {

    public static final String PENDING = "pending_verification";
    public static final String VERIFIED = "verified";
}
