package dev.weir.engine;

import dev.weir.beam.DoFnHost;
import dev.weir.sink.EngineOutput;
import dev.weir.sink.OutputIds;
import dev.weir.sink.OutputSink;
import dev.weir.state.KeyWorkspace;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyLimitException;
import dev.weir.store.RememberedKeys;
import dev.weir.store.StateStore;
import dev.weir.store.StoreFailureException;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerRecord;
import dev.weir.timer.WakeupScheduler;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.joda.time.Instant;

/**
 * Runs one key's work as a unit: open the key's workspace, run the work, emit its outputs, commit
 * once. A commit that loses a race (a timer firing for the same key at the same time) is redone
 * from freshly read state.
 *
 * <p>A DoFn that outputs from {@code @FinishBundle} gets a bundle per key, as Dataflow's streaming
 * engine gives it one per key's work item: what it flushes comes from the key's records, so it goes
 * out with the key's outputs, before the commit marks those records applied. (One bundle for a
 * whole batch would flush after every key committed: a failed send would lose the flush, as the
 * replay skips the records it came from.)
 */
final class KeyExecutor<K, OutputT> {
  static final int MAX_ATTEMPTS = 5;

  /** Work on one key; it may run more than once, each time on a fresh workspace. */
  interface KeyWork {
    void run(KeyWorkspace workspace, OutputCollector<?> outputs);
  }

  private final DoFnHost<K, ?, OutputT> host;
  private final StateStore store;
  private final RememberedKeys remembered;
  private final OutputSink<OutputT> sink;
  private final EngineCounters counters;
  private final OutputCollector<OutputT> collector;
  private final WakeupScheduler wakeups;
  private final boolean bundlePerKey;
  private final ExecutorService committers = committers();
  private String bundleCause = "bundle";

  KeyExecutor(
      DoFnHost<K, ?, OutputT> host,
      StateStore store,
      OutputSink<OutputT> sink,
      EngineCounters counters,
      OutputCollector<OutputT> collector,
      WakeupScheduler wakeups) {
    this.wakeups = wakeups;
    this.host = host;
    this.store = store;
    this.remembered = RememberedKeys.of(store);
    this.sink = sink;
    this.counters = counters;
    this.collector = collector;
    this.bundlePerKey = host.outputsAtFinishBundle();
  }

  /**
   * Starts a bundle on the DoFn; outputs outside any key are collected for {@link #finishBundle}.
   *
   * @param bundleCause what the bundle is (its records or its firing), the same on a replay
   */
  void startBundle(String bundleCause) {
    this.bundleCause = bundleCause;
    if (!bundlePerKey) {
      collector.startBundle(bundleCause);
      host.startBundle(collector);
    }
  }

  /** Finishes the bundle (the DoFn outputs nothing from it, or it has a bundle per key). */
  void finishBundle() {
    if (!bundlePerKey) {
      host.finishBundle();
    }
  }

  /** Lets the store check, in one read, what it remembers of the keys about to be worked on. */
  void prepare(Collection<String> keyIds) {
    remembered.prepare(keyIds);
  }

  /**
   * As {@link #prepare(Collection)}, for a bundle of {@code shardId} on an engine that is the
   * shard's sole writer: {@code uninterrupted} if nobody took the shard since this engine's last
   * bundle of it ({@link RememberedKeys#prepare(String, Collection, boolean)}).
   */
  void prepare(String shardId, Collection<String> keyIds, boolean uninterrupted) {
    remembered.prepare(shardId, keyIds, uninterrupted);
  }

  /** Makes the next work on {@code keyId} read the key from durable storage. */
  void forget(String keyId) {
    remembered.forget(keyId);
  }

  private void emit(List<EngineOutput<OutputT>> outputs) {
    if (!outputs.isEmpty()) {
      sink.emit(outputs);
      counters.outputs.add(outputs.size());
    }
  }

  /**
   * Runs {@code work} for {@code key} until it commits.
   *
   * <p>Who is to blame decides what a failure does. What the DoFn throws fails the key: it is
   * returned, nothing of the key is committed, and the caller retries it or dead-letters its
   * records. What the store, the output sink or the wake-up scheduler throws is thrown on: the
   * invocation fails and is retried whole, dead-lettering nothing (good records must not be given
   * up because DynamoDB throttled), and a key that committed is never reported failed.
   *
   * @param beforeCommit sends what the work produced besides outputs (late data) before the commit
   *     marks its records as handled: a replay after a failed send then does the work again
   * @return null on success, else the DoFn's error; nothing of a failed key is committed
   */
  Throwable run(
      K key, String keyId, Instant now, Instant watermark, KeyWork work, Runnable beforeCommit) {
    return run(key, keyId, now, watermark, work, beforeCommit, Optional.empty());
  }

  /**
   * Runs {@code work} as {@link #run(Object, String, Instant, Instant, KeyWork, Runnable)} does,
   * but leaves its outputs, {@code beforeCommit} and its commit to {@code deferred}: the bundle
   * sends and commits them with its other keys' ({@link #flush}).
   */
  Throwable runDeferred(
      K key,
      String keyId,
      Instant now,
      Instant watermark,
      KeyWork work,
      Runnable beforeCommit,
      DeferredCommits<OutputT> deferred) {
    return run(key, keyId, now, watermark, work, beforeCommit, Optional.of(deferred));
  }

  /**
   * Sends the outputs of the keys {@code deferred} holds, then commits them concurrently.
   *
   * @return the keys whose commit lost a race: their work is to be run again
   */
  Set<String> flush(DeferredCommits<OutputT> deferred) {
    Set<String> conflicted = deferred.flush(this::emit, store, committers, this::committed);
    counters.conflicts.add(conflicted.size());
    return conflicted;
  }

  private Throwable run(
      K key,
      String keyId,
      Instant now,
      Instant watermark,
      KeyWork work,
      Runnable beforeCommit,
      Optional<DeferredCommits<OutputT>> deferred) {
    for (int attempt = 1; ; attempt++) {
      KeyWorkspace workspace =
          KeyWorkspace.open(store, keyId, host.pipeline().maxStateBytesPerKey());
      collector.startKey(keyId);
      if (bundlePerKey) {
        host.startBundle(collector);
      }
      host.enterKey(key, workspace, now, watermark);
      try {
        Throwable doFnFailure = runWork(work, workspace);
        if (doFnFailure == null && bundlePerKey) {
          collector.cause(OutputIds.finishBundle(bundleCause));
          doFnFailure = runWork((w, o) -> host.finishBundle(), workspace);
        }
        if (doFnFailure != null) {
          return doFnFailure;
        }
        List<EngineOutput<OutputT>> outputs = collector.drain();
        if (!outputs.isEmpty() && !remembered.isCurrent(keyId, workspace.header())) {
          // The state the work ran on was stale (remembered from an earlier invocation): outputs
          // cannot be taken back, so redo the work on fresh state instead of emitting them.
          throw new CommitConflictException("key " + keyId + " changed under its work");
        }
        if (deferred.isPresent()) {
          deferred.get().add(keyId, outputs, beforeCommit, workspace.pendingCommit());
          return null;
        }
        // Before the commit: a crash after it could otherwise lose outputs for good.
        emit(outputs);
        beforeCommit.run();
        workspace.commit().ifPresent(this::committed);
        return null;
      } catch (CommitConflictException e) {
        counters.conflicts.increment();
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      } finally {
        host.exitKey();
      }
    }
  }

  /** Counts a commit, and asks for a wake-up for each processing-time timer it set. */
  private void committed(KeyCommit commit) {
    counters.commits.increment();
    counters.timersSet.add(commit.timerPuts().size());
    for (TimerRecord timer : commit.timerPuts()) {
      if (timer.domain() == TimerDomain.PROCESSING_TIME) {
        wakeups.ensureWakeup(timer.fireAtMillis());
      }
    }
  }

  /** Stops the committers' threads (they also stop on their own when idle). */
  void close() {
    committers.shutdown();
  }

  /**
   * Marks {@code records} of {@code shardId} applied to {@code keyId} without running anything: a
   * commit of the key's header alone, its state and timers untouched. For the records of a key
   * whose work kept failing, once their dead letters are sent: a replay of their batch then skips
   * them instead of dead-lettering them again (a redrive of each letter would apply its record
   * twice). Records the header already covers change nothing; a commit that loses a race is redone
   * on the key's fresh header.
   */
  void markApplied(String keyId, String shardId, Collection<InputRecord> records) {
    for (int attempt = 1; ; attempt++) {
      KeyWorkspace workspace = KeyWorkspace.open(store, keyId);
      for (InputRecord record : records) {
        workspace.markApplied(shardId, record.sequenceNumber(), record.arrivalTime().getMillis());
      }
      try {
        if (workspace.commit().isPresent()) {
          counters.commits.increment();
        }
        return;
      } catch (CommitConflictException e) {
        counters.conflicts.increment();
        if (attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Daemon threads, gone when idle: an engine that is never closed keeps none alive. */
  private static ExecutorService committers() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            WeirEngine.COMMITS_IN_FLIGHT,
            WeirEngine.COMMITS_IN_FLIGHT,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, "weir-commit");
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Runs the key's work; returns what the DoFn threw, and throws on what the store threw. */
  private Throwable runWork(KeyWork work, KeyWorkspace workspace) {
    try {
      work.run(workspace, collector);
      return null;
    } catch (RuntimeException | Error e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof StoreFailureException storeFailure) {
          throw storeFailure;
        }
      }
      KeyLimitException limit = KeyLimitException.in(e);
      if (limit != null && limit.limit().failsKey() && !(e instanceof TimerFailure)) {
        return limit; // the key's, not its record's: each record's work would hit it again
      }
      // A StackOverflowError or an assertion in the DoFn is the key's failure like any exception.
      return UserErrors.asUserFailure(e);
    }
  }
}
