package dev.weir.local.cli;

import dev.weir.beam.DoFnHost;
import dev.weir.functions.wiring.AwsWiring;
import dev.weir.inspect.KeyInspector;
import dev.weir.inspect.KeyState;
import dev.weir.local.tools.JsonValues;
import dev.weir.local.tools.KeyReport;
import dev.weir.local.tools.StoreConnection;
import dev.weir.pipeline.WeirPipeline;
import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code weir inspect}: a live key's state and timers, read-only, without a running cluster. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a key's state per window and its pending timers, decoded with the pipeline's coders,",
      "or lists the keys holding any. Read-only. Reads a local stack kept with --data-dir, any",
      "endpoint (--endpoint), or AWS (credentials and region from the default chains, --table)."
    })
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin PipelineClassOptions pipeline = new PipelineClassOptions();

  @Option(
      names = "--key",
      paramLabel = "K",
      description = "the key to show, as text; without it, the keys are listed")
  String key;

  @Option(names = "--key-id", paramLabel = "ID", description = "the key to show, by its id")
  String keyId;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "a stack kept by weir run")
  Path dataDir;

  @Option(names = "--endpoint", description = "an AWS-compatible endpoint (e.g. LocalStack)")
  URI endpoint;

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "the state table (default with --data-dir: the kept stack's)")
  String table;

  @Option(names = "--region", description = "the AWS region (default: the default chain's)")
  String region;

  @Option(names = "--json", description = "print JSON instead of a table")
  boolean json;

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "keys listed at most (${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() throws Exception {
    CliErrors.requireEndpoint(spec, "--endpoint", endpoint);
    CliErrors.requireAtLeast(spec, "--limit", limit, 1);
    if (dataDir != null && endpoint != null) {
      throw new ParameterException(spec.commandLine(), "give --data-dir or --endpoint, not both");
    }
    if (dataDir == null && table == null) {
      throw new ParameterException(
          spec.commandLine(), "--table names the state table to read (or give --data-dir)");
    }
    if (key != null && keyId != null) {
      throw new ParameterException(spec.commandLine(), "give --key or --key-id, not both");
    }
    pipeline.install(spec);
    StoreConnection connection;
    try {
      connection =
          dataDir != null
              ? StoreConnection.keptIn(dataDir, table)
              : endpoint != null
                  ? StoreConnection.at(endpoint, table)
                  : StoreConnection.aws(region, table);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return inspect(AwsWiring.loadPipeline(pipeline.pipelineClass), connection);
  }

  private <K> int inspect(WeirPipeline<K, ?, ?> typed, StoreConnection connection)
      throws Exception {
    DynamoDbStore store =
        new DynamoDbStore(
            connection.client(), new DynamoDbSchema(connection.table(), typed.name()));
    try (DoFnHost<K, ?, ?> host = new DoFnHost<>(typed)) {
      KeyInspector<K> inspector = new KeyInspector<>(host, store, store);
      if (key == null && keyId == null) {
        List<K> keys = inspector.keys(limit + 1);
        boolean more = keys.size() > limit;
        List<K> shown = more ? keys.subList(0, limit) : keys;
        if (json) {
          System.out.println(
              JsonValues.JSON.writeValueAsString(KeyReport.json(typed.name(), shown, more)));
        } else {
          KeyReport.table(typed.name(), shown, more, System.out);
        }
        return 0;
      }
      Optional<K> found =
          keyId != null ? Optional.of(inspector.keyOf(keyId)) : find(typed, inspector);
      if (found.isEmpty()) {
        System.err.println(
            "weir inspect: no key " + key + " holds state or timers in " + connection.where());
        return 1;
      }
      KeyState<K> state = inspector.inspect(found.get());
      if (json) {
        System.out.println(JsonValues.JSON.writeValueAsString(KeyReport.json(typed.name(), state)));
      } else {
        KeyReport.table(typed.name(), state, System.out);
      }
      return 0;
    }
  }

  /** A string key is the text itself; other keys are found by their text among the listed ones. */
  @SuppressWarnings("unchecked")
  private <K> Optional<K> find(WeirPipeline<K, ?, ?> typed, KeyInspector<K> inspector) {
    if (typed.keyCoder() instanceof StringUtf8Coder) {
      return Optional.of((K) key);
    }
    return inspector.keys(Integer.MAX_VALUE).stream()
        .filter(k -> String.valueOf(k).equals(key) || JsonValues.of(k).toString().equals(key))
        .findFirst();
  }
}
