package io.containerengine.provisioner.runtime;

import java.util.UUID;

/** Keeps each deployment's {@link RolloutRecord}; the database in production, memory in runtime tests. */
public interface RolloutRecords {

    RolloutRecord load(UUID deploymentId);

    void save(UUID deploymentId, RolloutRecord record);
}
