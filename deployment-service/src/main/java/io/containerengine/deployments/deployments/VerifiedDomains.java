package io.containerengine.deployments.deployments;

import java.util.List;
import java.util.UUID;

/**
 * The verified custom domains of a deployment, which every desired state and status change carries. Implemented
 * by the domains feature; declared here so that deployments do not depend on it (domains depend on deployments).
 */
public interface VerifiedDomains {

    /** Verified host names of the deployment, sorted; empty when it has none. */
    List<String> of(UUID deploymentId);
}
