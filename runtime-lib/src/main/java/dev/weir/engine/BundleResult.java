package dev.weir.engine;

import java.util.List;

/**
 * What processing one bundle did.
 *
 * @param processed elements run through the DoFn
 * @param replaysSkipped records already applied by an earlier delivery
 * @param late elements dropped because their window had expired
 * @param rejected records that could not be decoded, keyed or timestamped
 * @param failedKeys keys whose work was not committed
 * @param deadTimers timers given up after failing their attempts (claimed without firing)
 * @param deadRecords records given up after failing their attempts (marked applied unprocessed)
 */
public record BundleResult<V>(
    int processed,
    int replaysSkipped,
    List<LateElement<V>> late,
    List<RejectedRecord> rejected,
    List<FailedKey> failedKeys,
    List<DeadTimer> deadTimers,
    List<DeadRecord> deadRecords) {}
