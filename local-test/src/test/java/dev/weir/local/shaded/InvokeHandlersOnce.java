package dev.weir.local.shaded;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.weir.functions.handlers.ProcessorFunction;
import dev.weir.functions.handlers.WatermarkFunction;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Runs in a child JVM whose classpath is the shaded Lambda jar (and this class): builds the
 * handlers as Lambda does (no-argument constructors, wiring from the environment) and invokes the
 * processor with a real-shaped event, then the watermark function once.
 */
public final class InvokeHandlersOnce {
  private InvokeHandlersOnce() {}

  public static void main(String[] args) {
    List<KinesisEvent.KinesisEventRecord> records = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String sequence = "4959000000000000000000000000000000000000000000000000000" + i;
      KinesisEvent.Record kinesis = new KinesisEvent.Record();
      kinesis.setData(
          ByteBuffer.wrap(
              ("{\"key\":\"alice\",\"id\":"
                      + i
                      + ",\"eventTimeMillis\":"
                      + (i * 1000)
                      + ",\"payload\":\"p\"}")
                  .getBytes(StandardCharsets.UTF_8)));
      kinesis.setSequenceNumber(sequence);
      kinesis.setPartitionKey("alice");
      kinesis.setApproximateArrivalTimestamp(new Date());
      KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
      record.setKinesis(kinesis);
      record.setEventID("shardId-000000000000:" + sequence);
      records.add(record);
    }
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records);

    StreamsEventResponse response = new ProcessorFunction().handleRequest(event, null);
    if (!response.getBatchItemFailures().isEmpty()) {
      throw new IllegalStateException("failures: " + response.getBatchItemFailures());
    }
    Map<String, Object> sweep = new WatermarkFunction().handleRequest(Map.of(), null);
    System.err.println("invoked: processor ok, watermark " + sweep);
  }
}
