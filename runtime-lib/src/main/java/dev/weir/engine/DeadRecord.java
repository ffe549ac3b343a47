package dev.weir.engine;

/**
 * A record whose processing kept failing and was given up: marked applied without being processed,
 * so that its key's other records go on. Reported for a dead letter.
 */
public record DeadRecord(String keyId, InputRecord record, Throwable error) {}
