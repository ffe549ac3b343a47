package dev.weir.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.functions.adapters.KinesisOutputSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads the output stream from the start, as a consumer of Weir's outputs would. */
final class OutputReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KinesisClient kinesis;
  private final String stream;
  private final Map<String, String> iterators = new HashMap<>();

  OutputReader(KinesisClient kinesis, String stream) {
    this.kinesis = kinesis;
    this.stream = stream;
  }

  /** Every envelope written since the last call; the output stream never reshards. */
  List<KinesisOutputSink.Envelope> poll() throws IOException {
    if (iterators.isEmpty()) {
      for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
        iterators.put(
            shard.shardId(),
            kinesis
                .getShardIterator(
                    r ->
                        r.streamName(stream)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
                .shardIterator());
      }
    }
    List<KinesisOutputSink.Envelope> envelopes = new ArrayList<>();
    for (Map.Entry<String, String> shard : iterators.entrySet()) {
      while (shard.getValue() != null) {
        String iterator = shard.getValue();
        GetRecordsResponse page = kinesis.getRecords(r -> r.shardIterator(iterator).limit(1_000));
        for (Record record : page.records()) {
          envelopes.add(
              JSON.readValue(record.data().asByteArray(), KinesisOutputSink.Envelope.class));
        }
        shard.setValue(page.nextShardIterator());
        if (page.records().isEmpty()) {
          break;
        }
      }
    }
    return envelopes;
  }
}
