package dev.weir.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weir.functions.wiring.AwsWiring;
import dev.weir.functions.wiring.WeirEnvironment;
import dev.weir.functions.wiring.Wiring;
import dev.weir.local.infra.Deployment;
import dev.weir.local.infra.LocalResources;
import dev.weir.local.infra.TemplateIntrinsics;
import dev.weir.sink.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The functions as Lambda wires them ({@link AwsWiring}): the template's environment, every adapter
 * real (dead letters on SQS, late data on its stream, wake-ups through the Scheduler API), each
 * function on its own host (identity, clock, metrics). What the stack needs to read back (dead
 * letters, late records, schedules) it reads as the administrator.
 */
final class AwsFunctions implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AwsIdentities identities;
  private final Map<String, String> environment;
  private final SqsClient adminSqs;
  private final StreamTail lateTail;
  private final ScheduleDeliveries deliveries;
  private final String deadLetterQueue;
  private final List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> lateRecords = new HashMap<>();

  AwsFunctions(
      AwsIdentities identities,
      Deployment deployment,
      URI endpoint,
      LocalResources resources,
      String pipelineClass,
      int parallelizationFactor,
      KinesisClient adminKinesis) {
    this.identities = identities;
    this.adminSqs = LocalClients.on(SqsClient.builder(), endpoint, identities.admin());
    SchedulerClient adminScheduler =
        LocalClients.on(SchedulerClient.builder(), endpoint, identities.admin());
    TemplateIntrinsics intrinsics = new TemplateIntrinsics(resources.template(), deployment);
    String group = intrinsics.ref("TimerScheduleGroup");
    resources.createQueuesAndScheduleGroup(
        deployment.stackName() + "-", adminSqs, adminScheduler, group);
    Map<String, String> env = new HashMap<>();
    resources
        .template()
        .at("/Globals/Function/Environment/Variables")
        .fields()
        .forEachRemaining(v -> env.put(v.getKey(), intrinsics.string(v.getValue())));
    this.deadLetterQueue = resources.queueUrl("DeadLetterQueue");
    env.put(WeirEnvironment.DEAD_LETTER_QUEUE_URL, deadLetterQueue);
    env.put(WeirEnvironment.ENDPOINT, endpoint.toString());
    // The mapping's lanes, whatever the template's default: the sweep must know to verify them.
    env.put(WeirEnvironment.PARALLELIZATION_FACTOR, Integer.toString(parallelizationFactor));
    if (pipelineClass != null) {
      env.put(WeirEnvironment.PIPELINE_CLASS, pipelineClass);
    }
    this.environment = Map.copyOf(env);
    this.lateTail = new StreamTail(adminKinesis, resources.name("LateDataStream"));
    this.deliveries = new ScheduleDeliveries(adminScheduler, group);
  }

  /** A new container's wiring of the function {@code logicalId}, on its own host. */
  Wiring<?, ?, ?> wiring(String logicalId) {
    return AwsWiring.fromEnvironment(
        WeirEnvironment.from(environment), identities.function(logicalId));
  }

  ScheduleDeliveries deliveries() {
    return deliveries;
  }

  /**
   * Distinct records on the late-data stream so far (a retried key sends its late ones again), by
   * sequence number, with the SHA-256 of their bytes.
   */
  synchronized Map<String, String> lateRecords() {
    for (byte[] data : lateTail.poll()) {
      try {
        JsonNode envelope = JSON.readTree(data);
        lateRecords.put(
            envelope.get("sequenceNumber").asText(), envelope.at("/data/sha256").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Map.copyOf(lateRecords);
  }

  /** Dead letters received from the queue so far (each received once, then deleted). */
  synchronized List<DeadLetter> deadLetters() {
    while (true) {
      List<Message> messages =
          adminSqs
              .receiveMessage(r -> r.queueUrl(deadLetterQueue).maxNumberOfMessages(10))
              .messages();
      if (messages.isEmpty()) {
        return List.copyOf(deadLetters);
      }
      for (Message message : messages) {
        try {
          deadLetters.add(JSON.readValue(message.body(), DeadLetter.class));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        adminSqs.deleteMessage(
            r -> r.queueUrl(deadLetterQueue).receiptHandle(message.receiptHandle()));
      }
    }
  }

  @Override
  public void close() {
    deliveries.close();
  }
}
