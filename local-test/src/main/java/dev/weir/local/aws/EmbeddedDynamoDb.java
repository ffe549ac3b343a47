package dev.weir.local.aws;

import dev.weir.store.dynamodb.DynamoDbSchema;
import dev.weir.store.dynamodb.DynamoDbStore;
import dev.weir.store.dynamodb.RequestCounter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local, in this JVM on a free port, started once and stopped at exit; no Docker, no
 * account. One table holds every user's data, each isolated by its own pipeline name.
 */
public final class EmbeddedDynamoDb {
  public static final String TABLE = "weir-state-local";
  private static EmbeddedDynamoDb instance;

  private final URI endpoint;
  private final DynamoDbClient client;
  private final RequestCounter counter = new RequestCounter();

  /**
   * Kept here: the logging framework holds loggers weakly, and a collected one forgets its level.
   */
  private static final Logger SQLITE_LOG = Logger.getLogger("com.almworks.sqlite4java");

  private static final Map<Path, EmbeddedDynamoDb> PERSISTENT = new HashMap<>();

  private EmbeddedDynamoDb() throws Exception {
    this(null);
  }

  /** In memory if {@code dataDir} is null; otherwise its tables are kept in {@code dataDir}. */
  private EmbeddedDynamoDb(Path dataDir) throws Exception {
    SQLITE_LOG.setLevel(Level.WARNING); // it logs every database it opens
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // DynamoDB Local prints its banner on standard output, which belongs to the command's result.
    PrintStream stdout = System.out;
    System.setOut(System.err);
    DynamoDBProxyServer server;
    try {
      server =
          ServerRunner.createServerFromCommandLineArgs(
              dataDir == null
                  ? new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"}
                  : new String[] {
                    "-dbPath",
                    dataDir.toString(),
                    "-sharedDb",
                    "-port",
                    Integer.toString(port),
                    "-disableTelemetry"
                  });
      server.start();
    } finally {
      System.setOut(stdout);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.stop();
                  } catch (Exception ignored) {
                    // exiting anyway
                  }
                }));
    endpoint = URI.create("http://localhost:" + port);
    client = client(counter);
    try {
      client.createTable(new DynamoDbSchema(TABLE, "any").createTableRequest());
    } catch (ResourceInUseException exists) {
      // created by an earlier test in this JVM
    }
  }

  /**
   * DynamoDB Local keeping its tables in {@code dataDir} (one file, whatever the credentials), so a
   * later run, or {@code weir inspect}, sees what this one committed; one server per directory.
   */
  public static synchronized EmbeddedDynamoDb keptIn(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize();
    return PERSISTENT.computeIfAbsent(
        dir,
        d -> {
          try {
            Files.createDirectories(d);
            return new EmbeddedDynamoDb(d);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (Exception e) {
            throw new IllegalStateException("cannot start DynamoDB Local in " + d, e);
          }
        });
  }

  public static synchronized EmbeddedDynamoDb get() {
    if (instance == null) {
      try {
        instance = new EmbeddedDynamoDb();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot start DynamoDB Local", e);
      }
    }
    return instance;
  }

  /** A client of the local server with {@code interceptors} installed. */
  public DynamoDbClient client(ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .overrideConfiguration(
            c -> {
              for (ExecutionInterceptor interceptor : interceptors) {
                c.addExecutionInterceptor(interceptor);
              }
            })
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public DynamoDbClient client() {
    return client;
  }

  /** Counts every request of {@link #client()}. */
  public RequestCounter counter() {
    return counter;
  }

  /** A store over the shared table under a pipeline name no other test uses. */
  public DynamoDbStore newStore() {
    return new DynamoDbStore(client, new DynamoDbSchema(TABLE, uniquePipeline()));
  }

  /**
   * A schema over a table of its own, created now, under a pipeline name no other test uses: for
   * tests that scan what is stored, which on the shared table would read every other test's items.
   */
  public DynamoDbSchema ownTable() {
    String pipeline = uniquePipeline();
    DynamoDbSchema schema = new DynamoDbSchema("own-" + pipeline, pipeline);
    client.createTable(schema.createTableRequest());
    return schema;
  }

  public static String uniquePipeline() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
