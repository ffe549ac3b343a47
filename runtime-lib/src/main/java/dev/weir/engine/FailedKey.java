package dev.weir.engine;

import java.util.List;

/**
 * A key whose work failed in this bundle (the DoFn threw, or the commit kept conflicting). Nothing
 * of it was committed; its records must be retried or dead-lettered.
 *
 * @param records its records of the bundle that it had not applied before (an earlier delivery of
 *     the batch may have applied some: those are the key's, and no letter may carry them)
 * @param attemptCounted true if the engine counted this failure against the record it failed on and
 *     gives that record up itself once it reaches its attempts (it then appears in {@link
 *     BundleResult#deadRecords}): the caller only retries the key
 */
public record FailedKey(
    String keyId, List<InputRecord> records, Throwable error, boolean attemptCounted) {}
