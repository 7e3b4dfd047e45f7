package io.containerengine.provisioner.runtime.local;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.containerengine.provisioner.runtime.RolloutRecord;
import io.containerengine.provisioner.runtime.RolloutRecords;

/** The rollout records of runtime tests (the database table in the worker). */
class InMemoryRollouts implements RolloutRecords {

    final Map<UUID, RolloutRecord> records = new ConcurrentHashMap<>();

    @Override
    public RolloutRecord load(UUID deploymentId) {
        return records.getOrDefault(deploymentId, RolloutRecord.NONE);
    }

    @Override
    public void save(UUID deploymentId, RolloutRecord record) {
        records.put(deploymentId, record);
    }
}
