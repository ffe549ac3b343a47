package dev.weir.local.mapping;

import dev.weir.functions.adapters.KinesisShardTopology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Adds the child shards to the last {@code GetRecords} answer of a closed shard, as Kinesis does
 * and kinesalite does not: KCL (like Lambda's event source) learns of a split or merge from them,
 * and without them never reads the children. Found with {@code ListShards}: the shards naming the
 * closed one as a parent.
 */
final class ChildShardsInterceptor implements ExecutionInterceptor {
  private final KinesisClient kinesis;
  private final String stream;

  ChildShardsInterceptor(KinesisClient kinesis, String stream) {
    this.kinesis = kinesis;
    this.stream = stream;
  }

  /**
   * The shard each recent iterator reads (iterators are opaque): learnt from {@code
   * GetShardIterator}, and carried from each {@code GetRecords} to its next iterator.
   */
  private final Map<String, String> shardOfIterator =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > 10_000;
            }
          });

  @Override
  public SdkResponse modifyResponse(
      Context.ModifyResponse context, ExecutionAttributes attributes) {
    if (context.response() instanceof GetShardIteratorResponse iterator) {
      shardOfIterator.put(
          iterator.shardIterator(), ((GetShardIteratorRequest) context.request()).shardId());
      return iterator;
    }
    if (!(context.response() instanceof GetRecordsResponse response)) {
      return context.response();
    }
    String shardId = shardOfIterator.get(((GetRecordsRequest) context.request()).shardIterator());
    if (shardId == null || response.hasChildShards()) {
      return response;
    }
    if (response.nextShardIterator() != null) {
      shardOfIterator.put(response.nextShardIterator(), shardId);
      return response;
    }
    List<ChildShard> children = new ArrayList<>();
    for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
      List<String> parents = KinesisShardTopology.parentsOf(shard);
      if (parents.contains(shardId)) {
        children.add(
            ChildShard.builder()
                .shardId(shard.shardId())
                .parentShards(parents)
                .hashKeyRange(shard.hashKeyRange())
                .build());
      }
    }
    return response.toBuilder().childShards(children).build();
  }
}
