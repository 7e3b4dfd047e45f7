package io.containerengine.provisioner.runtime.local;

import java.io.IOException;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;

/**
 * Collects the outcome of a pull. Podman's compat API answers a failed pull with HTTP 200 and an
 * {@code errorDetail} item, which docker-java's {@code PullImageResultCallback} turns into an unhelpful exception;
 * this keeps the registry's own message instead.
 */
class PullCallback extends ResultCallback.Adapter<PullResponseItem> {

    private volatile String error;

    @Override
    public void onNext(PullResponseItem item) {
        if (item.isErrorIndicated() && error == null) {
            var detail = item.getErrorDetail();
            error = detail != null && detail.getMessage() != null ? detail.getMessage() : item.getError();
        }
    }

    @Override
    public void onError(Throwable throwable) {
        if (error == null) {
            error = LocalDockerRuntime.describe(throwable);
        }
        try {
            close();
        } catch (IOException ignored) {
            // the stream is gone either way
        }
    }

    /** The first error the pull reported, or null when it succeeded. */
    String error() {
        return error;
    }
}
