package dev.weir.bench.engine;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The blog's algorithm on Flink ({@link FlinkBatchedRpcFunction}) in a local MiniCluster (one task
 * manager, one slot, parallelism 1, the default heap state backend): the records' bytes in arrival
 * order from a collection source, decoded from JSON by a map chained to it, a watermark 5 s behind
 * the largest event time (the pipeline's declared out-of-orderness), keyed by key and one-minute
 * window, counted by a sink. The end of the bounded input moves the watermark to the end of time,
 * which flushes every buffer by its expiry timer.
 *
 * <p>Measured, as every engine: from the records' bytes to the job's result, building and
 * submitting the job included. The MiniCluster is started once per contender and shared by its
 * runs, as a Flink cluster is long-lived: {@code env.execute()} on a local environment would start
 * and stop a fresh one per job, about 1.3 s on a two-core machine, more than 100,000 events take to
 * process. Kryo is switched off, so events travel and sit in state through Flink's own record
 * (POJO) serializers; a job that needed Kryo would fail rather than run slowly. Stale timers use
 * the wall clock here, so a slow run may flush some buffers as stale rather than by expiry; that
 * changes batch sizes, not which events come out.
 */
public final class FlinkThroughput {
  private static final AtomicLong OUTPUTS = new AtomicLong();

  private FlinkThroughput() {}

  /** Flink as a contender: a MiniCluster started now, stopped when the contender is closed. */
  public static EngineContender contender() throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(1)
                .build());
    cluster.start();
    return new EngineContender() {
      @Override
      public String name() {
        return "flink";
      }

      @Override
      public EngineResult runOnce(List<StreamRecord> records) throws Exception {
        return timed(cluster, records);
      }

      @Override
      public void close() {
        try {
          cluster.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while stopping the MiniCluster", e);
        } catch (Exception e) {
          throw new IllegalStateException("cannot stop the MiniCluster", e);
        }
      }
    };
  }

  private static synchronized EngineResult timed(MiniCluster cluster, List<StreamRecord> records)
      throws Exception {
    long start = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    List<byte[]> data = new ArrayList<>(records.size());
    records.forEach(record -> data.add(record.data()));
    env.fromData(data, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
        .map(StreamRecord::decode)
        .returns(TypeInformation.of(Event.class))
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Event>forBoundedOutOfOrderness(
                    Duration.ofMillis(BatchedRpcPipeline.OUT_OF_ORDERNESS.getMillis()))
                .withTimestampAssigner((event, previous) -> event.eventTimeMillis()))
        .keyBy(FlinkBatchedRpcFunction::stateKey, Types.STRING)
        .process(new FlinkBatchedRpcFunction(new CountingEnrichment("bench-flink")))
        .sinkTo(new CountingSink());
    JobGraph job = env.getStreamGraph().getJobGraph();
    OUTPUTS.set(0);
    cluster.executeJobBlocking(job);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EngineResult(records.size() / seconds, OUTPUTS.get());
  }

  /** Counts what reaches it into {@link #OUTPUTS} (the MiniCluster runs in this JVM). */
  private static final class CountingSink implements Sink<EnrichedEvent> {
    @Override
    public SinkWriter<EnrichedEvent> createWriter(WriterInitContext context) {
      return new SinkWriter<>() {
        private long count;

        @Override
        public void write(EnrichedEvent element, Context context) {
          count++;
        }

        @Override
        public void flush(boolean endOfInput) {
          OUTPUTS.addAndGet(count);
          count = 0;
        }

        @Override
        public void close() {
          flush(true);
        }
      };
    }
  }
}
