package dev.weir.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weir.local.aws.EmbeddedDynamoDb;
import dev.weir.local.faults.AmbiguousAnswers;
import dev.weir.store.CellMutation;
import dev.weir.store.CommitConflictException;
import dev.weir.store.KeyCommit;
import dev.weir.store.KeyHeader;
import dev.weir.store.ShardRecord;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.StoredState;
import dev.weir.timer.TimerDomain;
import dev.weir.timer.TimerKey;
import dev.weir.timer.TimerRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * On DynamoDB Local, every kind of conditional write the store makes, answered ambiguously: the
 * write takes effect, its answer is lost ({@link AmbiguousAnswers}), the SDK retries it and the
 * retry fails the condition the first attempt made false. The store must take that for its own
 * success — the key holds exactly what was committed, once, with its applied sequence number — and
 * still report a race another writer really won.
 */
class AmbiguousAnswersIT {
  private static final String SHARD = "shardId-000000000001";
  private static final String NAMESPACE = "/w/";

  /** The header item's sort key ({@code DynamoDbSchema}'s key format). */
  private static final String HEADER = "h";

  /** The header attribute naming commits written as redo logs that are not yet applied. */
  private static final String OPEN_COMMITS = "open";

  private final EmbeddedDynamoDb dynamo = EmbeddedDynamoDb.get();
  private final DynamoDbSchema schema =
      new DynamoDbSchema(EmbeddedDynamoDb.TABLE, EmbeddedDynamoDb.uniquePipeline());

  /** Another writer, whose answers arrive. */
  private final DynamoDbStore other = new DynamoDbStore(dynamo.client(), schema);

  private final String key = "k-" + UUID.randomUUID();
  private final List<DynamoDbClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    for (DynamoDbClient client : clients) {
      client.close();
    }
  }

  /** A store whose requests {@code answers} answers. */
  private DynamoDbStore storeAnswered(AmbiguousAnswers answers) {
    DynamoDbClient client = dynamo.client(answers);
    clients.add(client);
    return new DynamoDbStore(client, schema);
  }

  private static Map<String, AttributeValue> headerPut(String operation, SdkRequest request) {
    if ("PutItem".equals(operation)
        && request instanceof PutItemRequest put
        && HEADER.equals(put.item().get(DynamoDbSchema.SORT_KEY).s())) {
      return put.item();
    }
    return null;
  }

  /** The commit of a key whose state is in its header item: one conditional {@code PutItem}. */
  private static final BiPredicate<String, SdkRequest> INLINE_HEADER =
      (operation, request) -> {
        Map<String, AttributeValue> item = headerPut(operation, request);
        return item != null && !item.containsKey(OPEN_COMMITS);
      };

  /** The commit point of a commit written as a redo log: the header naming it open. */
  private static final BiPredicate<String, SdkRequest> OPEN_HEADER =
      (operation, request) -> {
        Map<String, AttributeValue> item = headerPut(operation, request);
        return item != null && item.containsKey(OPEN_COMMITS);
      };

  /** The commit of a key stored as items: one transaction that writes its header. */
  private static final BiPredicate<String, SdkRequest> HEADER_TRANSACTION =
      (operation, request) ->
          request instanceof TransactWriteItemsRequest transaction
              && transaction.transactItems().stream()
                  .anyMatch(
                      item ->
                          item.put() != null
                              && HEADER.equals(item.put().item().get(DynamoDbSchema.SORT_KEY).s()));

  private KeyCommit commit(
      KeyHeader read, String sequence, Map<String, byte[]> puts, List<TimerRecord> timerPuts) {
    return commit(read, sequence, puts, timerPuts, List.of());
  }

  private KeyCommit commit(
      KeyHeader read,
      String sequence,
      Map<String, byte[]> puts,
      List<TimerRecord> timerPuts,
      List<TimerRecord> claims) {
    return new KeyCommit(
        key,
        read.version(),
        read.next(Map.of(SHARD, sequence), Map.of()),
        List.of(new CellMutation(NAMESPACE, "map", false, false, puts, Set.of())),
        timerPuts,
        claims);
  }

  private static Map<String, byte[]> entries(String prefix, int count, int bytes) {
    Map<String, byte[]> entries = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      entries.put(String.format("%s-%04d", prefix, i), (prefix + i).repeat(bytes).getBytes());
    }
    return entries;
  }

  private TimerRecord timer(String id, long fireAt) {
    return new TimerRecord(
        key, new TimerKey(NAMESPACE, "", id), TimerDomain.EVENT_TIME, fireAt, fireAt);
  }

  /** What a fresh reader finds: the key's header and its cells, read by the other writer. */
  private KeyHeader committedHeader() {
    return new DynamoDbStore(dynamo.client(), schema).readHeader(key);
  }

  private NavigableMap<String, byte[]> committedMap() {
    DynamoDbStore reader = new DynamoDbStore(dynamo.client(), schema);
    return new TreeMap<>(
        reader
            .readNamespace(key, reader.readHeader(key), NAMESPACE)
            .cells()
            .getOrDefault("map", new TreeMap<>()));
  }

  private static void assertSameEntries(Map<String, byte[]> actual, Map<String, byte[]> expected) {
    assertThat(actual).containsOnlyKeys(expected.keySet());
    expected.forEach((subKey, value) -> assertThat(actual.get(subKey)).isEqualTo(value));
  }

  private void assertRetriedOnce(AmbiguousAnswers answers) {
    assertThat(answers.ambiguousAnswers()).as("answers lost after taking effect").isEqualTo(1);
    assertThat(answers.retriesAfterAmbiguousAnswers()).as("the SDK sent them again").isEqualTo(1);
  }

  private void assertNoRedoLeft() {
    assertThat(StoredState.of(dynamo.client(), schema).byKind())
        .doesNotContainKeys(StoredState.REDO_PARTS, StoredState.OPEN_COMMITS);
  }

  @Test
  void anInlineCommitWhoseRetryFindsItsOwnWriteSucceeds() {
    AmbiguousAnswers answers = AmbiguousAnswers.when(INLINE_HEADER);
    DynamoDbStore store = storeAnswered(answers);
    Map<String, byte[]> first = entries("a", 3, 10);

    Throwable thrown =
        catchThrowable(() -> store.commit(commit(KeyHeader.NEW, "1", first, List.of())));

    assertRetriedOnce(answers);
    assertSameEntries(committedMap(), first);
    assertThat(committedHeader().version()).isEqualTo(1);
    assertThat(committedHeader().hasApplied(SHARD, "1")).isTrue();
    assertThat(thrown).as("the commit took effect once").isNull();
    assertThat(store.readHeader(key).version()).isEqualTo(1);
  }

  @Test
  void anInlineCommitLosingARealRaceConflicts() {
    other.commit(commit(KeyHeader.NEW, "5", Map.of("theirs", "t".getBytes()), List.of()));
    AmbiguousAnswers answers = AmbiguousAnswers.when(INLINE_HEADER);
    DynamoDbStore store = storeAnswered(answers);

    Throwable thrown =
        catchThrowable(
            () ->
                store.commit(
                    commit(KeyHeader.NEW, "7", Map.of("mine", "m".getBytes()), List.of())));

    assertThat(thrown).isInstanceOf(CommitConflictException.class);
    assertThat(committedMap()).containsOnlyKeys("theirs");
    assertThat(committedHeader().hasApplied(SHARD, "7")).isFalse();
  }

  @Test
  void aCommitPointWhoseRetryFindsItsOwnHeaderIsRolledForward() {
    AmbiguousAnswers answers = AmbiguousAnswers.when(OPEN_HEADER);
    DynamoDbStore store = storeAnswered(answers);
    // 150 entries: beyond the header item (8 KB) and beyond one transaction (100 items).
    Map<String, byte[]> wide = entries("w", 150, 20);

    Throwable thrown =
        catchThrowable(() -> store.commit(commit(KeyHeader.NEW, "1", wide, List.of())));

    assertRetriedOnce(answers);
    assertSameEntries(committedMap(), wide);
    assertThat(committedHeader().version()).isEqualTo(1);
    assertThat(committedHeader().hasApplied(SHARD, "1")).isTrue();
    assertNoRedoLeft();
    assertThat(thrown).as("the commit took effect once").isNull();
  }

  @Test
  void aCommitPointLosingARealRaceConflictsAndLeavesNoRedo() {
    other.commit(commit(KeyHeader.NEW, "5", Map.of("theirs", "t".getBytes()), List.of()));
    AmbiguousAnswers answers = AmbiguousAnswers.when(OPEN_HEADER);
    DynamoDbStore store = storeAnswered(answers);

    Throwable thrown =
        catchThrowable(
            () -> store.commit(commit(KeyHeader.NEW, "7", entries("w", 150, 20), List.of())));

    assertThat(thrown).isInstanceOf(CommitConflictException.class);
    assertThat(committedMap()).containsOnlyKeys("theirs");
    assertThat(committedHeader().hasApplied(SHARD, "7")).isFalse();
    assertNoRedoLeft();
  }

  @Test
  void aCommitPointOvertakenBeforeItsRetryKeepsItsState() {
    Map<String, byte[]> wide = entries("w", 150, 20);
    // Between the lost answer and the retry, another writer reads the key (finishing the commit)
    // and commits on top of it: the retry's re-read finds a header that is not ours.
    AmbiguousAnswers answers =
        AmbiguousAnswers.when(
            (operation, request) -> {
              if (!OPEN_HEADER.test(operation, request)) {
                return false;
              }
              KeyHeader read = other.readHeader(key);
              other.commit(commit(read, "9", Map.of("theirs", "t".getBytes()), List.of()));
              return true;
            });
    DynamoDbStore store = storeAnswered(answers);

    Throwable thrown =
        catchThrowable(() -> store.commit(commit(KeyHeader.NEW, "1", wide, List.of())));

    Map<String, byte[]> both = new TreeMap<>(wide);
    both.put("theirs", "t".getBytes());
    assertSameEntries(committedMap(), both);
    assertThat(committedHeader().version()).isEqualTo(2);
    assertThat(committedHeader().hasApplied(SHARD, "9")).isTrue();
    assertNoRedoLeft();
    assertThat(thrown)
        .as("reported as a race: the work is redone and finds its records applied")
        .isInstanceOf(CommitConflictException.class);
  }

  @Test
  void aTransactionWhoseRetryFindsItsOwnCommitSucceeds() {
    TimerRecord due = timer("due", 5_000);
    // Two entries of 6 KB: the key is stored as items, its commits are transactions.
    Map<String, byte[]> large = entries("l", 2, 3_000);
    other.commit(commit(KeyHeader.NEW, "1", large, List.of(due)));
    AmbiguousAnswers answers = AmbiguousAnswers.when(HEADER_TRANSACTION);
    DynamoDbStore store = storeAnswered(answers);
    Map<String, byte[]> added = Map.of("added", "x".getBytes());

    Throwable thrown =
        catchThrowable(
            () -> store.commit(commit(store.readHeader(key), "2", added, List.of(), List.of(due))));

    assertRetriedOnce(answers);
    Map<String, byte[]> expected = new TreeMap<>(large);
    expected.putAll(added);
    assertSameEntries(committedMap(), expected);
    assertThat(committedHeader().version()).isEqualTo(2);
    assertThat(committedHeader().hasApplied(SHARD, "2")).isTrue();
    assertThat(thrown).as("the commit took effect once").isNull();
  }

  @Test
  void aTransactionLosingARealRaceConflicts() {
    Map<String, byte[]> large = entries("l", 2, 3_000);
    other.commit(commit(KeyHeader.NEW, "1", large, List.of()));
    AmbiguousAnswers answers = AmbiguousAnswers.when(HEADER_TRANSACTION);
    DynamoDbStore store = storeAnswered(answers);
    KeyHeader read = store.readHeader(key);
    other.commit(commit(read, "3", Map.of("theirs", "t".getBytes()), List.of()));

    Throwable thrown =
        catchThrowable(
            () -> store.commit(commit(read, "4", Map.of("mine", "m".getBytes()), List.of())));

    assertThat(thrown).isInstanceOf(CommitConflictException.class);
    assertThat(committedMap()).containsKey("theirs").doesNotContainKey("mine");
    assertThat(committedHeader().hasApplied(SHARD, "4")).isFalse();
  }

  @Test
  void aShardRecordWrittenOrRemovedDespiteALostAnswerCountsAsDone() {
    String shard = "shard-" + UUID.randomUUID();
    AmbiguousAnswers answers =
        AmbiguousAnswers.when((operation, request) -> operation.equals("PutItem"));
    DynamoDbStore store = storeAnswered(answers);
    ShardRecord first = new ShardRecord(shard, 100, 105, "10", List.of(), false);
    ShardRecord next = new ShardRecord(shard, 200, 205, "20", List.of(), true, Map.of("k", 150L));

    assertThat(store.replaceShard(Optional.empty(), first)).as("created").isTrue();
    assertThat(retried(answers, 1)).isTrue();
    assertThat(store.replaceShard(Optional.of(first), next)).as("replaced").isTrue();
    assertThat(retried(answers, 2)).isTrue();
    assertThat(other.shard(shard)).contains(next);
    assertThat(store.replaceShard(Optional.of(first), first))
        .as("a real race: the record is no longer what was read")
        .isFalse();
    assertThat(other.shard(shard)).contains(next);

    AmbiguousAnswers deletes =
        AmbiguousAnswers.when((operation, request) -> operation.equals("DeleteItem"));
    DynamoDbStore deleting = storeAnswered(deletes);
    assertThat(deleting.removeShard(first)).as("a real race: not what is stored").isFalse();
    assertThat(deleting.removeShard(next)).as("removed").isTrue();
    assertThat(retried(deletes, 1)).isTrue();
    assertThat(other.shard(shard)).isEmpty();
  }

  @Test
  void theGlobalWatermarkAdvancedDespiteALostAnswerCountsAsAdvanced() {
    AmbiguousAnswers answers =
        AmbiguousAnswers.when((operation, request) -> operation.equals("UpdateItem"));
    DynamoDbStore store = storeAnswered(answers);

    assertThat(store.advanceGlobalWatermark(1_000)).isTrue();
    assertThat(store.advanceGlobalWatermark(2_000)).isTrue();
    assertThat(retried(answers, 2)).isTrue();
    assertThat(other.globalWatermark()).isEqualTo(2_000);
    assertThat(store.advanceGlobalWatermark(1_500)).as("a real refusal: not later").isFalse();
    assertThat(store.advanceGlobalWatermark(2_000)).as("not later either").isFalse();
    assertThat(other.globalWatermark()).isEqualTo(2_000);
  }

  /** True if {@code answers} answered {@code times} requests ambiguously and each was resent. */
  private static boolean retried(AmbiguousAnswers answers, int times) {
    return answers.ambiguousAnswers() == times && answers.retriesAfterAmbiguousAnswers() == times;
  }
}
