package dev.weir.local.aws;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * kinesalite (npm), started as a child process on a free port and stopped when this JVM exits. The
 * build installs it with {@code npm ci}; clients must run with CBOR off ({@code
 * aws.cborEnabled=false}), which kinesalite does not speak.
 */
public final class EmbeddedKinesis implements AutoCloseable {
  private final Process process;
  private final URI endpoint;

  private EmbeddedKinesis(Process process, int port) {
    this.process = process;
    this.endpoint = URI.create("http://localhost:" + port);
  }

  /**
   * Starts kinesalite from {@code nodeModules} (the directory {@code npm ci} filled), in memory.
   */
  public static EmbeddedKinesis start(Path nodeModules) throws IOException {
    return start(nodeModules, null);
  }

  /**
   * Starts kinesalite from {@code nodeModules}, keeping its streams in {@code dataDir} (LevelDB) so
   * that a later start sees them with their records; in memory if {@code dataDir} is null.
   */
  public static EmbeddedKinesis start(Path nodeModules, Path dataDir) throws IOException {
    Path cli = nodeModules.resolve("kinesalite/cli.js");
    if (!Files.exists(cli)) {
      throw new IllegalStateException(
          "kinesalite is not installed at "
              + cli
              + "; run `npm ci` in local-test/src/main/node"
              + " (the Maven build does this)");
    }
    System.setProperty("aws.cborEnabled", "false");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "node",
                cli.toString(),
                "--port",
                Integer.toString(port),
                "--createStreamMs",
                "0",
                "--deleteStreamMs",
                "0",
                "--updateStreamMs",
                "0",
                "--shardLimit",
                "100"));
    if (dataDir != null) {
      Files.createDirectories(dataDir);
      command.addAll(List.of("--path", dataDir.toString()));
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.to(
                    new File(System.getProperty("java.io.tmpdir"), "weir-kinesalite.log")))
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    EmbeddedKinesis kinesis = new EmbeddedKinesis(process, port);
    kinesis.awaitPort(port);
    return kinesis;
  }

  private void awaitPort(int port) throws IOException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("kinesalite exited with " + process.exitValue());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("localhost", port), 200);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while starting kinesalite", e);
        }
      }
    }
    throw new IOException("kinesalite did not listen on port " + port + " within 15 s");
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
