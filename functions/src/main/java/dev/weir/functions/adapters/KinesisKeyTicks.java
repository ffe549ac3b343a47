package dev.weir.functions.adapters;

import dev.weir.timer.KeyTick;
import dev.weir.timer.KeyTicks;
import java.util.List;

/**
 * Sends timer ticks into the pipeline's input stream, each with its key's partition key, so Kinesis
 * puts it in the shard (and Lambda in the lane) that processes the key's records.
 */
public final class KinesisKeyTicks implements KeyTicks {
  private final KinesisWriter input;

  public KinesisKeyTicks(KinesisWriter input) {
    this.input = input;
  }

  @Override
  public void send(List<KeyTick> ticks) {
    input.write(
        ticks.stream().map(t -> new KinesisWriter.Entry(t.partitionKey(), t.encode())).toList());
  }
}
