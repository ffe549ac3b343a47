package dev.weir.engine;

/** A record the engine could not turn into a keyed, timestamped value. */
public record RejectedRecord(InputRecord record, String reason) {}
