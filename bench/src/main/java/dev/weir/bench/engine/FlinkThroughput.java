package dev.weir.bench.engine;

import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.CountingEnrichment;
import dev.weir.functions.examples.batchedrpc.EnrichedEvent;
import dev.weir.functions.examples.batchedrpc.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
 * manager, one slot, parallelism 1, the default heap state backend): the events in arrival order
 * from a collection source, a watermark 5 s behind the largest event time (the pipeline's declared
 * out-of-orderness), keyed by key and one-minute window, counted by a sink. The end of the bounded
 * input moves the watermark to the end of time, which flushes every buffer by its expiry timer.
 *
 * <p>Measured: the wall time from submitting the job to its result, after the job and its source
 * are built. The MiniCluster is started once per contender and shared by its runs, as a Flink
 * cluster is long-lived: {@code env.execute()} on a local environment would start and stop a fresh
 * one per job, about 1.3 s on a two-core machine, more than 100,000 events take to process. The
 * DirectRunner's time likewise holds its job's setup (executors, about 0.2 s) but no cluster. Kryo
 * is switched off, so events travel and sit in state through Flink's own record (POJO) serializers;
 * a job that needed Kryo would fail rather than run slowly. Stale timers use the wall clock here,
 * so a slow run may flush some buffers as stale rather than by expiry; that changes batch sizes,
 * not which events come out.
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
      public EngineResult runOnce(List<Event> events) throws Exception {
        return timed(cluster, events);
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

  private static synchronized EngineResult timed(MiniCluster cluster, List<Event> events)
      throws Exception {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
    env.fromData(events, TypeInformation.of(Event.class))
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Event>forBoundedOutOfOrderness(
                    Duration.ofMillis(BatchedRpcPipeline.OUT_OF_ORDERNESS.getMillis()))
                .withTimestampAssigner((event, previous) -> event.eventTimeMillis()))
        .keyBy(FlinkBatchedRpcFunction::stateKey, Types.STRING)
        .process(new FlinkBatchedRpcFunction(new CountingEnrichment("bench-flink")))
        .sinkTo(new CountingSink());
    JobGraph job = env.getStreamGraph().getJobGraph();
    OUTPUTS.set(0);
    long start = System.nanoTime();
    cluster.executeJobBlocking(job);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EngineResult(events.size() / seconds, OUTPUTS.get());
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
