package dev.weir.local.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.engine.WeirEngine;
import dev.weir.functions.adapters.EmfMetrics;
import dev.weir.functions.examples.batchedrpc.BatchedRpcPipeline;
import dev.weir.functions.wiring.AwsCall;
import dev.weir.store.memory.InMemoryStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template's IAM contract that no recorded call shows (trust, pass-role conditions, retention,
 * concurrency), its intrinsics resolved as CloudFormation would, and its dashboard's metrics
 * against the names the functions emit. What the functions call is checked by {@code
 * MotoPermissionsIT}.
 */
class TemplatePermissionsTest {
  private static final Deployment DEPLOYMENT = new Deployment("shop", "eu-west-1", "111122223333");
  private static JsonNode template;
  private static FunctionRoles roles;

  @BeforeAll
  static void read() throws IOException {
    template = CloudFormationYaml.read(Path.of("..", "infra", "template.yaml"));
    roles = FunctionRoles.of(template, DEPLOYMENT);
  }

  @Test
  void intrinsicsResolveToTheArnsAndNamesCloudFormationGives() {
    TemplateIntrinsics intrinsics = roles.intrinsics();
    assertThat(intrinsics.getAtt("StateTable", "Arn"))
        .isEqualTo("arn:aws:dynamodb:eu-west-1:111122223333:table/shop-StateTable");
    assertThat(intrinsics.ref("TimerScheduleGroup")).isEqualTo("shop-timers");
    assertThat(intrinsics.physicalName("TimerFunction")).isEqualTo("shop-timer");
    assertThat(intrinsics.getAtt("SchedulerInvokeRole", "Arn"))
        .isEqualTo("arn:aws:iam::111122223333:role/shop-SchedulerInvokeRole");
    assertThat(
            intrinsics.string(
                new ObjectMapper()
                    .createObjectNode()
                    .put("Fn::Sub", "${StateTable.Arn}/index/pending-timers")))
        .isEqualTo(
            "arn:aws:dynamodb:eu-west-1:111122223333:table/shop-StateTable/index/pending-timers");
  }

  @Test
  void everyFunctionHasItsOwnRoleAndNoStatementGrantsEverything() {
    assertThat(roles.roleOfFunction())
        .containsEntry("ProcessorFunction", "ProcessorRole")
        .containsEntry("WatermarkFunction", "WatermarkRole")
        .containsEntry("TimerFunction", "TimerRole");
    for (String role : roles.roleOfFunction().values()) {
      assertThat(roles.statements(role))
          .isNotEmpty()
          .allSatisfy(
              s -> {
                assertThat(s.resources()).doesNotContain("*");
                assertThat(s.actions()).noneMatch(a -> a.contains("*"));
              });
    }
  }

  @Test
  void onlyTheProcessorPassesTheSchedulerRoleAndOnlyToTheScheduler() {
    String schedulerRole = roles.intrinsics().getAtt("SchedulerInvokeRole", "Arn");
    for (var function : roles.roleOfFunction().entrySet()) {
      String role = function.getValue();
      List<IamStatement> passes =
          roles.statements(role).stream().filter(s -> s.allowsAction("iam:PassRole")).toList();
      if (!function.getKey().equals("ProcessorFunction")) {
        // They set no timers: the processor fires what they find due.
        assertThat(passes).as(role).isEmpty();
        continue;
      }
      assertThat(passes)
          .as(role)
          .singleElement()
          .satisfies(
              pass -> {
                assertThat(pass.resources()).containsExactly(schedulerRole);
                assertThat(pass.condition()).as("%s's iam:PassRole condition", role).isNotNull();
                assertThat(pass.condition().at("/StringEquals/iam:PassedToService").asText())
                    .isEqualTo("scheduler.amazonaws.com");
              });
    }
  }

  @Test
  void theSchedulerRoleIsTrustedOnlyByThisStacksScheduleGroup() {
    JsonNode condition = roles.trustPolicy("SchedulerInvokeRole").at("/Statement/0/Condition");
    assertThat(roles.intrinsics().string(condition.at("/ArnLike/aws:SourceArn")))
        .isEqualTo("arn:aws:scheduler:eu-west-1:111122223333:schedule/shop-timers/*");
    assertThat(roles.intrinsics().string(condition.at("/StringEquals/aws:SourceAccount")))
        .isEqualTo("111122223333");
    // The sweep's schedule must be in that group, or the role would refuse to run it.
    assertThat(
            template
                .at("/Resources/WatermarkFunction/Properties/Events/Sweep/Properties/GroupName/Ref")
                .asText())
        .isEqualTo("TimerScheduleGroup");
  }

  @Test
  void theStateTableOutlivesItsStackAndTheTimerFunctionsConcurrencyIsBounded() {
    JsonNode table = template.at("/Resources/StateTable");
    assertThat(table.get("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(table.get("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    assertThat(
            template
                .at("/Resources/TimerFunction/Properties/ReservedConcurrentExecutions/Ref")
                .asText())
        .isEqualTo("TimerReservedConcurrency");
    assertThat(template.at("/Parameters/TimerReservedConcurrency/Default").asInt()).isPositive();
  }

  @Test
  void theWatermarkRoleWritesOnlyItsOwnPartitionsNeverAKeysState() {
    String table = roles.intrinsics().getAtt("StateTable", "Arn");
    String pipeline = roles.intrinsics().ref("PipelineName");
    List<IamStatement> statements = roles.statements("WatermarkRole");
    for (IamStatement statement : statements) {
      for (String write :
          List.of(
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:BatchWriteItem")) {
        if (statement.allows(write, table)) {
          assertThat(statement.leadingKeys())
              .as("the partitions %s may %s", statement, write)
              .isPresent();
        }
      }
    }
    Set<String> partitions = new HashSet<>();
    statements.forEach(s -> partitions.addAll(s.leadingKeys().orElse(List.of())));
    // Shard items (DynamoDbSchema: <pipeline>#shards) and the global watermark's item.
    assertThat(partitions).containsExactlyInAnyOrder(pipeline + "#shards", pipeline + "#watermark");

    List<PermissionCheck.KeyedCall> sweep =
        List.of(
            new PermissionCheck.KeyedCall("dynamodb:PutItem", table, pipeline + "#shards"),
            new PermissionCheck.KeyedCall("dynamodb:DeleteItem", table, pipeline + "#shards"),
            new PermissionCheck.KeyedCall("dynamodb:UpdateItem", table, pipeline + "#watermark"));
    assertThat(PermissionCheck.checkLeadingKeys(statements, sweep).denied()).isEmpty();
    // A key's header (<pipeline>#<key id>: "alice") and its state entries are not the sweep's.
    List<PermissionCheck.KeyedCall> state =
        List.of(
            new PermissionCheck.KeyedCall("dynamodb:PutItem", table, pipeline + "#YWxpY2U"),
            new PermissionCheck.KeyedCall(
                "dynamodb:UpdateItem", table, pipeline + "#YWxpY2U#GlobalWindow"),
            new PermissionCheck.KeyedCall("dynamodb:DeleteItem", table, pipeline + "#watermark"),
            new PermissionCheck.KeyedCall("dynamodb:PutItem", table, "other#shards"));
    assertThat(PermissionCheck.checkLeadingKeys(statements, state).denied())
        .containsExactlyElementsOf(state);
  }

  @Test
  void theLeadingKeysCheckFindsPartitionsNotGrantedAndGrantsNotUsed() {
    JsonNode condition =
        new ObjectMapper()
            .createObjectNode()
            .set(
                "ForAllValues:StringEquals",
                new ObjectMapper()
                    .createObjectNode()
                    .set(
                        IamStatement.LEADING_KEYS,
                        new ObjectMapper().createArrayNode().add("p#shards").add("p#watermark")));
    String table = "arn:aws:dynamodb:eu-west-1:1:table/t";
    IamStatement bounded = new IamStatement(List.of("dynamodb:PutItem"), List.of(table), condition);
    IamStatement reads = new IamStatement(List.of("dynamodb:GetItem"), List.of(table), null);

    PermissionCheck.KeyFindings findings =
        PermissionCheck.checkLeadingKeys(
            List.of(bounded, reads),
            List.of(
                new PermissionCheck.KeyedCall("dynamodb:PutItem", table, "p#shards"),
                new PermissionCheck.KeyedCall("dynamodb:PutItem", table, "p#alice"),
                new PermissionCheck.KeyedCall("dynamodb:GetItem", table, "p#alice")));

    assertThat(findings.denied())
        .containsExactly(new PermissionCheck.KeyedCall("dynamodb:PutItem", table, "p#alice"));
    assertThat(findings.unused())
        .containsExactly(new PermissionCheck.KeyGrant("dynamodb:PutItem", "p#watermark"));
    assertThat(bounded.withoutLeadingKey("p#watermark").leadingKeys())
        .contains(List.of("p#shards"));
  }

  @Test
  void theCheckFindsCallsNotGrantedAndGrantsNotUsed() {
    IamStatement statement =
        new IamStatement(
            List.of("dynamodb:GetItem", "dynamodb:PutItem"),
            List.of("arn:aws:dynamodb:eu-west-1:1:table/t", "arn:aws:dynamodb:eu-west-1:1:table/u"),
            null);
    IamStatement schedules =
        new IamStatement(
            List.of("scheduler:CreateSchedule"),
            List.of("arn:aws:scheduler:eu-west-1:1:schedule/g/*"),
            null);

    PermissionCheck.Findings findings =
        PermissionCheck.check(
            List.of(statement, schedules),
            List.of(
                new AwsCall("dynamodb:getitem", "arn:aws:dynamodb:eu-west-1:1:table/t"),
                new AwsCall("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:1:table/u"),
                new AwsCall("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:1:table/t"),
                new AwsCall(
                    "scheduler:CreateSchedule", "arn:aws:scheduler:eu-west-1:1:schedule/g/s-1")));

    assertThat(findings.denied())
        .containsExactly(new AwsCall("dynamodb:Query", "arn:aws:dynamodb:eu-west-1:1:table/t"));
    assertThat(findings.unused())
        .containsExactlyInAnyOrder(
            new PermissionCheck.Grant("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:1:table/u"),
            new PermissionCheck.Grant("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:1:table/t"));
  }

  @Test
  void theDashboardShowsOnlyMetricsTheFunctionsEmit() throws IOException {
    String body =
        roles
            .intrinsics()
            .string(template.at("/Resources/PipelineDashboard/Properties/DashboardBody"));
    JsonNode dashboard = new ObjectMapper().readTree(body);
    Set<String> emitted =
        new HashSet<>(
            new WeirEngine<>(
                    new BatchedRpcPipeline().pipeline(), new InMemoryStore().asStores(), out -> {})
                .counters()
                .snapshot()
                .keySet());
    emitted.addAll(EmfMetrics.GAUGES);
    List<String> weirMetrics = new ArrayList<>();
    for (JsonNode widget : dashboard.get("widgets")) {
      for (JsonNode metric : widget.at("/properties/metrics")) {
        if (metric.get(0).asText().equals(EmfMetrics.NAMESPACE)) {
          weirMetrics.add(metric.get(1).asText());
        }
      }
    }
    assertThat(weirMetrics).isNotEmpty().allSatisfy(name -> assertThat(emitted).contains(name));
    assertThat(weirMetrics).contains(EmfMetrics.WATERMARK_LAG, EmfMetrics.DEAD_LETTERED);
  }
}
