package dev.weir.engine;

import java.util.List;

/**
 * A key whose work failed in this bundle (the DoFn threw, or the commit kept conflicting). Nothing
 * of it was committed; its records must be retried or dead-lettered.
 */
public record FailedKey(String keyId, List<InputRecord> records, Throwable error) {}
