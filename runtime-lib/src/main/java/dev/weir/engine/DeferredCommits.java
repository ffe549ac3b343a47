package dev.weir.engine;

import dev.weir.sink.EngineOutput;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.StateStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The outputs and commits of a bundle's keys, kept back until every key's work has run: then all
 * outputs go out in as few sends as the output stream takes, and only then are the keys committed,
 * many at once. Each key still commits only after its outputs are out (so a crash never loses an
 * output whose records were marked applied), but a bundle of a hundred keys pays one output send
 * and about one commit's latency instead of a hundred of each. The DoFn still runs on one key at a
 * time, as user code expects.
 */
final class DeferredCommits<OutputT> {
  /** One key's work, done and not yet sent or committed. */
  private record Pending<O>(
      String keyId,
      List<EngineOutput<O>> outputs,
      Runnable beforeCommit,
      Optional<KeyCommit> commit) {}

  private final List<Pending<OutputT>> pending = new ArrayList<>();

  void add(
      String keyId,
      List<EngineOutput<OutputT>> outputs,
      Runnable beforeCommit,
      Optional<KeyCommit> commit) {
    pending.add(new Pending<>(keyId, List.copyOf(outputs), beforeCommit, commit));
  }

  /**
   * Sends every key's outputs (one call of {@code emit}), then what each key sends before its
   * commit (late data, dead letters), then commits the keys on {@code committers}, waiting for all
   * of them. A commit that lost a race leaves its key to be done again; what the store throws is
   * thrown once every commit has ended (the keys that committed stay committed).
   *
   * @param committed told of each commit that succeeded, on the calling thread
   * @return the keys whose commit lost a race, to be done again on fresh state
   */
  Set<String> flush(
      Consumer<List<EngineOutput<OutputT>>> emit,
      StateStore store,
      Executor committers,
      Consumer<KeyCommit> committed) {
    if (pending.isEmpty()) {
      return Set.of();
    }
    List<EngineOutput<OutputT>> outputs = new ArrayList<>();
    pending.forEach(key -> outputs.addAll(key.outputs()));
    emit.accept(outputs);
    pending.forEach(key -> key.beforeCommit().run());

    // A store whose commits are local calls commits on this thread: handing each to another
    // thread would cost more than the commit.
    Executor runner = store.commitsConcurrently() ? committers : Runnable::run;
    List<CompletableFuture<Void>> commits = new ArrayList<>();
    for (Pending<OutputT> key : pending) {
      commits.add(
          key.commit()
              .map(commit -> CompletableFuture.runAsync(() -> store.commit(commit), runner))
              .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }
    Set<String> conflicted = new LinkedHashSet<>();
    RuntimeException failure = null;
    for (int i = 0; i < pending.size(); i++) {
      Pending<OutputT> key = pending.get(i);
      try {
        commits.get(i).join();
        key.commit().ifPresent(committed);
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof CommitConflictException) {
          conflicted.add(key.keyId());
        } else if (failure == null) {
          failure = cause instanceof RuntimeException runtime ? runtime : e;
        }
      }
    }
    pending.clear();
    if (failure != null) {
      throw failure;
    }
    return conflicted;
  }
}
