package dev.weir.local.moto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.functions.adapters.KinesisOutputSink;
import dev.weir.functions.adapters.KinesisWriter;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.examples.batchedrpc.Event;
import dev.weir.functions.handlers.ProcessorFunction;
import dev.weir.functions.wiring.AwsCall;
import dev.weir.functions.wiring.AwsCallRecorder;
import dev.weir.functions.wiring.AwsWiring;
import dev.weir.local.demo.Demo;
import dev.weir.local.demo.DemoSummary;
import dev.weir.local.infra.CloudFormationYaml;
import dev.weir.local.infra.Deployment;
import dev.weir.local.infra.FunctionRoles;
import dev.weir.local.infra.IamStatement;
import dev.weir.local.infra.LambdaPlatformCalls;
import dev.weir.local.infra.PermissionCheck;
import dev.weir.local.stack.AwsIdentities;
import dev.weir.local.stack.EmulatedStack;
import dev.weir.local.stack.StreamTail;
import dev.weir.store.ShardRecord;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * What the template grants against what the functions call, on an AWS implementation we did not
 * write: moto, with IAM enforced. Each function runs as its own role (the template's actions), its
 * calls recorded; the demo and a pipeline whose timers set timers run through every path the roles
 * cover. Then the template must grant every recorded call and nothing more, and removing any one of
 * its actions or resources must be caught.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoPermissionsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  /** Every local stack gets a random name; calls are compared under this one. */
  private static final Deployment DEPLOYMENT =
      new Deployment("weir-stack", "us-east-1", MotoServer.ACCOUNT);

  private MotoServer moto;
  private MotoIam iam;
  private JsonNode template;
  private FunctionRoles roles;
  private final Map<String, AwsCallRecorder> recorders = new LinkedHashMap<>();
  private final Map<String, LeadingKeysRecorder> keyRecorders = new LinkedHashMap<>();
  private AwsIdentities identities;

  @BeforeAll
  void startMotoAndAssumeTheTemplatesRoles() throws Exception {
    Optional<String> unavailable = MotoServer.unavailable();
    assumeTrue(
        unavailable.isEmpty(),
        () -> "skipped: " + unavailable.get() + "; the template's permissions are not tested");
    moto = MotoServer.start(MotoIam.SETUP_REQUESTS, Path.of("target", "moto", "moto.log"));
    iam = MotoIam.withAdmin(moto.endpoint());
    template = CloudFormationYaml.read(ROOT.resolve("infra/template.yaml"));
    roles = FunctionRoles.of(template, DEPLOYMENT);
    Map<String, AwsWiring.Host> setups = new LinkedHashMap<>();
    roles
        .roleOfFunction()
        .forEach(
            (function, role) -> {
              AwsCallRecorder recorder = new AwsCallRecorder(MotoServer.ACCOUNT);
              LeadingKeysRecorder keys = new LeadingKeysRecorder(MotoServer.ACCOUNT);
              recorders.put(function, recorder);
              keyRecorders.put(function, keys);
              setups.put(
                  function,
                  new AwsWiring.Host(
                      iam.assumeRoleWith(role, roles.statements(role)),
                      Region.US_EAST_1,
                      List.of(recorder, keys),
                      QUIET,
                      Clock.systemUTC()));
            });
    identities = new AwsIdentities(iam.admin(), MotoServer.ACCOUNT, setups);
  }

  @AfterAll
  void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  @Order(1)
  void theDemoRunsWithEachFunctionAsItsOwnRole() throws Exception {
    DemoSummary summary =
        Demo.run(
            new Demo.Options(400, 4, 7, 0.03, moto.endpoint(), ROOT, 240_000, false, 0, 0, null),
            System.err,
            Demo.Extras.withIdentities(identities));

    assertNothingDenied();
    assertThat(summary.unaccounted()).isZero();
    assertThat(summary.distinctOutputEvents() + summary.lateDropped() + summary.deadLettered())
        .isEqualTo(summary.inputs());
  }

  @Test
  @Order(2)
  void timersThatSetTimersAReshardAndAnUndecodableRecordReachEveryGrant() throws Exception {
    // The functions' clock starts at second 5 of a minute: Weir leaves wake-ups less than 10 s
    // ahead to the sweeper, and the processor must create one within the next 45 s.
    long offset = Math.floorMod(5_000 - System.currentTimeMillis(), 60_000);
    Clock clock = Clock.offset(Clock.systemUTC(), java.time.Duration.ofMillis(offset));
    try (EmulatedStack stack =
        stack(identities.withClock(clock), TimerChainPipeline.class.getName())) {
      // The processor's container; replaced below, as when Lambda moves a shard elsewhere.
      AtomicReference<ProcessorFunction> container =
          new AtomicReference<>(stack.newProcessorFunction());
      stack.startMapping(() -> (event, context) -> container.get().handleRequest(event, context));
      long minute = Math.floorDiv(clock.millis() - 10 * 60_000, 60_000) * 60_000;
      KinesisWriter input = new KinesisWriter(stack.kinesis(), stack.inputStream());
      input.write(
          List.of(
              entry(new Event("k", 1, minute + 10_000, "a")),
              entry(new Event("k", 2, minute + 130_000, "b")),
              // Nine kilobytes of state: the key's state moves from its header item to items.
              entry(new Event("big", 3, minute + 20_000, "x".repeat(9_000))),
              entry(new Event("wide", 6, minute + 20_000, "w")),
              new KinesisWriter.Entry("k", "not json".getBytes(StandardCharsets.UTF_8))));
      await(
          "the processor dead-letters the bad record and schedules a wake-up",
          () -> !stack.deadLetters().isEmpty() && !stack.scheduleDeliveries().pending().isEmpty());

      // Delivered early (the timer function accepts a bucket up to five minutes ahead) once the
      // first tocks are due: the timer function ticks their keys, whose processor fires them,
      // stored in items or inline.
      Thread.sleep(TimerChainPipeline.TimerChainFn.FIRST_TOCK.getMillis() + 500);
      assertThat(
              stack
                  .scheduleDeliveries()
                  .deliver(stack.newTimerFunction(), clock.millis() + 120_000))
          .isNotEmpty();
      await("the processor fires the ticked tocks", () -> outputs(stack).contains("tock-1"));
      // The watermark passes the first window: its ticks fire, clear the bags, set tocks.
      stack.newWatermarkFunction().handleRequest(Map.of(), null);
      await("the processor fires the ticked ticks", () -> outputs(stack).contains("tick"));
      // A new container: the large key is read from its items. Then a record behind the window's
      // allowed lateness.
      container.set(stack.newProcessorFunction());
      input.write(
          List.of(
              entry(new Event("big", 4, minute + 30_000, "c")),
              entry(new Event("wide", 7, minute + 30_000, "w")),
              entry(new Event("big", 5, minute - 2 * 3_600_000, "late"))));
      await("the late record reaches the late-data stream", () -> stack.lateDropped() == 1);
      // The stream is split: the sweep records the children's lineage.
      Shard shard =
          stack.kinesis().listShards(r -> r.streamName(stack.inputStream())).shards().get(0);
      stack
          .kinesis()
          .splitShard(
              r ->
                  r.streamName(stack.inputStream())
                      .shardToSplit(shard.shardId())
                      .newStartingHashKey(
                          new BigInteger(shard.hashKeyRange().endingHashKey())
                              .shiftRight(1)
                              .toString()));
      // A shard closed long ago, which the stream no longer lists: the sweep deletes its record.
      DynamoDbStore admin =
          new DynamoDbStore(
              stack.newDynamoClient(new RequestCounter()),
              new DynamoDbSchema(stack.resourceName("StateTable"), stack.pipeline().name()));
      ShardRecord expired = new ShardRecord("shardId-000000000099", 1, 2, "9", List.of(), true);
      assertThat(admin.replaceShard(Optional.empty(), expired)).isTrue();
      stack.newWatermarkFunction().handleRequest(Map.of(), null);
      assertThat(admin.shard(expired.shardId())).isEmpty();
      stack.scheduleDeliveries().deliver(stack.newTimerFunction(), clock.millis() + 120_000);

      await("a tock set by a tock fires", () -> outputs(stack).contains("tock-2"));
      assertThat(outputs(stack)).contains("tick", "once", "tock-1", "tock-2");
      assertThat(stack.deadLetters())
          .singleElement()
          .satisfies(letter -> assertThat(letter.reason()).isEqualTo("undecodable"));
    }
    assertNothingDenied();
    for (String function : List.of(AwsIdentities.WATERMARK, AwsIdentities.TIMER)) {
      // They fire nothing themselves: they tick keys, and the processor fires.
      assertThat(actions(function))
          .as(function)
          .contains("kinesis:PutRecords")
          .doesNotContain("scheduler:CreateSchedule", "dynamodb:TransactWriteItems");
    }
    assertThat(actions(AwsIdentities.WATERMARK)).contains("dynamodb:DeleteItem");
    // The sweep writes shard items (the split's lineage, the unlisted shard deleted) and the
    // global watermark, never a key's partition: what its role's LeadingKeys admit.
    String pipeline = roles.intrinsics().ref("PipelineName");
    assertThat(
            keyedCalls(AwsIdentities.WATERMARK).stream()
                .filter(c -> !c.action().equals("dynamodb:GetItem"))
                .map(c -> c.action() + " in " + c.leadingKey())
                .distinct())
        .containsExactlyInAnyOrder(
            "dynamodb:PutItem in " + pipeline + "#shards",
            "dynamodb:DeleteItem in " + pipeline + "#shards",
            "dynamodb:UpdateItem in " + pipeline + "#watermark");
    assertThat(actions(AwsIdentities.TIMER)).doesNotContain("dynamodb:DeleteItem");
    assertThat(actions(AwsIdentities.PROCESSOR))
        .contains("sqs:SendMessage", "scheduler:CreateSchedule", "dynamodb:Query");
  }

  @Test
  @Order(3)
  void theTemplateGrantsEachFunctionExactlyWhatItCalls() {
    assumeTrue(!recorders.get(AwsIdentities.PROCESSOR).calls().isEmpty(), "no calls recorded");
    StringBuilder report = new StringBuilder();
    StringBuilder problems = new StringBuilder();
    roles
        .roleOfFunction()
        .forEach(
            (function, role) -> {
              List<AwsCall> calls = calls(function);
              PermissionCheck.Findings findings =
                  PermissionCheck.check(roles.statements(role), calls);
              List<PermissionCheck.KeyedCall> items = keyedCalls(function);
              PermissionCheck.KeyFindings partitions =
                  PermissionCheck.checkLeadingKeys(roles.statements(role), items);
              report.append("\n").append(function).append(" (").append(role).append(")");
              calls.forEach(c -> report.append("\n  calls ").append(c));
              report.append("\n  item calls in ").append(partitionsOf(items)).append(" partitions");
              roles.statements(role).forEach(s -> report.append("\n  grants ").append(s));
              if (!findings.clean() || !partitions.clean()) {
                problems.append("\n").append(role).append(" of ").append(function);
                problems.append(findings).append(partitions);
              }
            });
    System.err.println("Recorded calls and granted statements:" + report);
    assertThat(problems.toString()).as("the template against the recorded calls").isEmpty();
  }

  @Test
  @Order(4)
  void removingAnySingleActionOrResourceFromTheTemplateIsCaught() {
    assumeTrue(!recorders.get(AwsIdentities.PROCESSOR).calls().isEmpty(), "no calls recorded");
    int tried = 0;
    for (Map.Entry<String, String> functionRole : roles.roleOfFunction().entrySet()) {
      List<AwsCall> calls = calls(functionRole.getKey());
      List<IamStatement> statements = roles.statements(functionRole.getValue());
      for (int i = 0; i < statements.size(); i++) {
        IamStatement statement = statements.get(i);
        List<String> parts = new ArrayList<>(statement.actions());
        parts.addAll(statement.resources());
        for (String removed : parts) {
          List<IamStatement> mutated = new ArrayList<>(statements);
          mutated.set(i, statement.without(removed));
          PermissionCheck.Findings findings = PermissionCheck.check(mutated, calls);
          assertThat(findings.denied())
              .as("%s without %s", functionRole.getValue(), removed)
              .isNotEmpty()
              .allSatisfy(
                  denied ->
                      assertThat(statement.allows(denied.action(), denied.resource())).isTrue());
          tried++;
        }
        // A partition taken from a write condition: the writes to it are refused.
        List<PermissionCheck.KeyedCall> items = keyedCalls(functionRole.getKey());
        for (String key : statement.leadingKeys().orElse(List.of())) {
          List<IamStatement> mutated = new ArrayList<>(statements);
          mutated.set(i, statement.withoutLeadingKey(key));
          assertThat(PermissionCheck.checkLeadingKeys(mutated, items).denied())
              .as("%s without leading key %s", functionRole.getValue(), key)
              .isNotEmpty()
              .allSatisfy(denied -> assertThat(denied.leadingKey()).isEqualTo(key));
          tried++;
        }
      }
    }
    System.err.println("single-permission deletions tried, each caught: " + tried);
  }

  @Test
  @Order(5)
  void aRoleLackingAnActionIsRefusedAndTheRefusalIsRecordedAgainstTheAction() throws Exception {
    String role = roles.roleOfFunction().get(AwsIdentities.PROCESSOR);
    List<IamStatement> withoutPutItem =
        roles.statements(role).stream().map(s -> s.without("dynamodb:PutItem")).toList();
    AwsCallRecorder recorder = new AwsCallRecorder(MotoServer.ACCOUNT);
    Map<String, AwsWiring.Host> setups = new LinkedHashMap<>(identities.functions());
    setups.put(
        AwsIdentities.PROCESSOR,
        new AwsWiring.Host(
            iam.assumeRoleWith("ProcessorRoleWithoutPutItem", withoutPutItem),
            Region.US_EAST_1,
            List.of(recorder),
            QUIET,
            Clock.systemUTC()));
    try (EmulatedStack stack =
        stack(new AwsIdentities(iam.admin(), MotoServer.ACCOUNT, setups), null)) {
      stack.startMapping(stack::newProcessorFunction);
      new KinesisWriter(stack.kinesis(), stack.inputStream())
          .write(List.of(entry(new Event("k", 1, System.currentTimeMillis(), "a"))));
      await("the processor is refused", () -> !recorder.denials().isEmpty());
    }
    assertThat(recorder.denials()).anySatisfy(d -> assertThat(d).contains("dynamodb:PutItem"));
  }

  @Test
  @Order(6)
  void writesToAKeysPartitionUnderTheWatermarkRoleAreRefusedByItsCondition() throws Exception {
    assumeTrue(!keyRecorders.get(AwsIdentities.WATERMARK).calls().isEmpty(), "no calls recorded");
    String role = roles.roleOfFunction().get(AwsIdentities.WATERMARK);
    AwsWiring.Host watermark = identities.function(AwsIdentities.WATERMARK);
    LeadingKeysRecorder keys = new LeadingKeysRecorder(MotoServer.ACCOUNT);
    try (EmulatedStack stack = stack(identities, null);
        DynamoDbClient client =
            DynamoDbClient.builder()
                .endpointOverride(moto.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(watermark.credentials())
                .overrideConfiguration(o -> o.addExecutionInterceptor(keys))
                .build()) {
      String table = stack.resourceName("StateTable");
      String pipeline = stack.pipeline().name();
      DynamoDbStore store = new DynamoDbStore(client, new DynamoDbSchema(table, pipeline));
      assertThat(store.advanceGlobalWatermark(1_000)).isTrue(); // the sweep's own write
      // What a processor writes: a record's failed attempt, and a key's header item ("alice").
      store.recordFailure("shardId-000000000000", "1");
      client.putItem(
          r ->
              r.tableName(table)
                  .item(
                      Map.of(
                          DynamoDbSchema.PARTITION_KEY,
                          AttributeValue.fromS(pipeline + "#YWxpY2U"),
                          DynamoDbSchema.SORT_KEY,
                          AttributeValue.fromS("h"))));
    }
    // moto let all three through: it evaluates no LeadingKeys condition. The template's does.
    String pipeline = roles.intrinsics().ref("PipelineName");
    List<PermissionCheck.KeyedCall> calls = normalized(keys.calls());
    assertThat(calls)
        .extracting(c -> c.action() + " in " + c.leadingKey())
        .contains("dynamodb:UpdateItem in " + pipeline + "#watermark");
    assertThat(PermissionCheck.checkLeadingKeys(roles.statements(role), calls).denied())
        .extracting(c -> c.action() + " in " + c.leadingKey())
        .containsExactlyInAnyOrder(
            "dynamodb:UpdateItem in " + pipeline + "#attempts",
            "dynamodb:PutItem in " + pipeline + "#YWxpY2U");
  }

  /** A stack on moto whose functions run as {@code as}, running {@code pipelineClass}. */
  private EmulatedStack stack(AwsIdentities as, String pipelineClass) throws Exception {
    return EmulatedStack.start(
        new EmulatedStack.Options(
            ROOT, moto.endpoint(), 1_000, false, QUIET, 0, 0, as, pipelineClass, null, null, null));
  }

  private void assertNothingDenied() {
    recorders.forEach(
        (function, recorder) ->
            assertThat(recorder.denials()).as("%s was refused by moto's IAM", function).isEmpty());
  }

  /** A function's recorded calls under the canonical stack name, and Lambda's own calls. */
  private List<AwsCall> calls(String function) {
    Set<AwsCall> calls = new TreeSet<>();
    for (AwsCall call : recorders.get(function).calls()) {
      calls.add(
          new AwsCall(
              call.action(),
              call.resource().replaceAll("weir-[0-9a-f]{6}-", DEPLOYMENT.stackName() + "-")));
    }
    calls.addAll(LambdaPlatformCalls.of(template, DEPLOYMENT, function));
    return List.copyOf(calls);
  }

  /** A function's item calls, under the canonical stack name and the template's pipeline name. */
  private List<PermissionCheck.KeyedCall> keyedCalls(String function) {
    return normalized(keyRecorders.get(function).calls());
  }

  private List<PermissionCheck.KeyedCall> normalized(Set<PermissionCheck.KeyedCall> recorded) {
    String pipeline = roles.intrinsics().ref("PipelineName");
    Set<PermissionCheck.KeyedCall> calls = new TreeSet<>();
    for (PermissionCheck.KeyedCall call : recorded) {
      calls.add(
          new PermissionCheck.KeyedCall(
              call.action(),
              call.resource().replaceAll("weir-[0-9a-f]{6}-", DEPLOYMENT.stackName() + "-"),
              call.leadingKey().replaceFirst("^" + TimerChainPipeline.NAME + "#", pipeline + "#")));
    }
    return List.copyOf(calls);
  }

  private static long partitionsOf(List<PermissionCheck.KeyedCall> calls) {
    return calls.stream().map(PermissionCheck.KeyedCall::leadingKey).distinct().count();
  }

  private Set<String> actions(String function) {
    Set<String> actions = new TreeSet<>();
    recorders.get(function).calls().forEach(c -> actions.add(c.action()));
    return actions;
  }

  /** An event written as producers must write it: with its key as the partition key. */
  private static KinesisWriter.Entry entry(Event event) {
    return new KinesisWriter.Entry(event.key(), BatchedRpcPipeline.encode(event));
  }

  private static List<String> outputs(EmulatedStack stack) {
    List<String> values = new ArrayList<>();
    for (byte[] data : new StreamTail(stack.kinesis(), stack.outputStream()).poll()) {
      try {
        KinesisOutputSink.Envelope envelope =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(data, KinesisOutputSink.Envelope.class);
        values.add(
            org.apache.beam.sdk.util.CoderUtils.decodeFromByteArray(
                org.apache.beam.sdk.coders.StringUtf8Coder.of(),
                Base64.getDecoder().decode(envelope.value())));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return values;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(500);
    }
  }
}
