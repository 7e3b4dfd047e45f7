package io.containerengine.provisioner.runtime.kubernetes;

import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Writes objects with server-side apply (one field manager, conflicts forced: the runtime owns what it writes)
 * and only when they differ from what is there: each object carries the hash of what was last written, so a
 * re-apply of the same desired state writes nothing and no resourceVersion changes. No read-then-replace: the
 * API server merges the applied fields itself. Where server-side apply is not supported (the fabric8 mock server
 * the tests run against), objects are created or replaced at the resource version last seen instead.
 */
final class ResourceApplier {

    private static final Logger log = LoggerFactory.getLogger(ResourceApplier.class);
    private static final int UNSUPPORTED_MEDIA_TYPE = 415;
    private static final int MAX_ATTEMPTS = 3;

    private final KubernetesClient client;
    private final String fieldManager;
    private volatile boolean serverSideApplyUnsupported;

    ResourceApplier(KubernetesClient client, String fieldManager) {
        this.client = client;
        this.fieldManager = fieldManager;
    }

    /** The result of one apply: the object as the server has it now, and whether it was written. */
    record Applied<R>(R object, boolean written) {
    }

    /**
     * @param live the object as the informer (or a read) sees it, null when absent
     * @param dryRun only tell whether a write would happen
     */
    <R extends HasMetadata> Applied<R> apply(R desired, R live, boolean dryRun) {
        return apply(desired, live, dryRun, (d, l) -> false);
    }

    /**
     * @param drifted whether {@code live} was changed behind the platform's back although its hash is still the
     *                desired one (checked for the fields that matter, e.g. a Deployment scaled by hand)
     */
    <R extends HasMetadata> Applied<R> apply(R desired, R live, boolean dryRun, BiPredicate<R, R> drifted) {
        String hash = Hashes.of(desired);
        Map<String, String> annotations = new HashMap<>();
        if (desired.getMetadata().getAnnotations() != null) {
            annotations.putAll(desired.getMetadata().getAnnotations());
        }
        annotations.put(Names.SPEC_HASH, hash);
        desired.getMetadata().setAnnotations(annotations);
        if (live != null && hash.equals(annotation(live, Names.SPEC_HASH)) && !drifted.test(desired, live)) {
            return new Applied<>(live, false);
        }
        return new Applied<>(dryRun ? live : write(desired, live), true);
    }

    /** Secrets carry no content hash; {@code upToDate} compares their data instead. */
    <R extends HasMetadata> Applied<R> apply(R desired, R live, BiPredicate<R, R> upToDate, boolean dryRun) {
        if (live != null && upToDate.test(desired, live)) {
            return new Applied<>(live, false);
        }
        return new Applied<>(dryRun ? live : write(desired, live), true);
    }

    private <R extends HasMetadata> R write(R object, R live) {
        if (!serverSideApplyUnsupported) {
            try {
                return client.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    // An API server creates the object on apply; the fabric8 mock server answers 404 instead.
                    return client.resource(object).create();
                }
                if (e.getCode() != UNSUPPORTED_MEDIA_TYPE) {
                    throw e;
                }
                // No server-side apply (the fabric8 mock server; API servers before 1.16).
                serverSideApplyUnsupported = true;
                log.warn("the API server does not support server-side apply: writing with create/replace and "
                        + "resource versions instead");
            }
        }
        return createOrReplace(object, live);
    }

    /**
     * Create, or replace at the resource version last seen (optimistic locking: a concurrent change makes the
     * API server answer 409, and the write is retried on the fresh object, never blindly overwritten).
     */
    private <R extends HasMetadata> R createOrReplace(R object, R live) {
        R current = live;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                if (current == null) {
                    object.getMetadata().setResourceVersion(null);
                    return client.resource(object).create();
                }
                object.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                return client.resource(object).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
                object.getMetadata().setResourceVersion(null);
                current = client.resource(object).get();
            }
        }
        throw new KubernetesClientException("writing " + object.getKind() + " " + object.getMetadata().getName()
                + " kept conflicting with concurrent changes");
    }

    static String annotation(HasMetadata o, String key) {
        Map<String, String> annotations = o.getMetadata() == null ? null : o.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }
}
