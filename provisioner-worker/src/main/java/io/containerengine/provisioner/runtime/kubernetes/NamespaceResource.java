package io.containerengine.provisioner.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;

/** The deployment's own namespace; deleting it removes everything else of the deployment. */
final class NamespaceResource {

    /** Pod Security admission: no privileged pods, host namespaces or host paths in an app's namespace. */
    static final String POD_SECURITY = "pod-security.kubernetes.io/enforce";

    private NamespaceResource() {
    }

    static Namespace desired(AppSpec spec) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(spec.namespace())
                .withLabels(spec.labels())
                .addToLabels(POD_SECURITY, "baseline")
                .endMetadata()
                .build();
    }
}
