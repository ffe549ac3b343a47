package dev.weir.engine;

import dev.weir.timer.KeyTick;

/** A tick record of this pipeline, with the key it names. */
record DecodedTick<K>(InputRecord record, KeyTick tick, K key) {}
