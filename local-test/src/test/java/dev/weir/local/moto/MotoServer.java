package dev.weir.local.moto;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * moto's server as a child process on a free port: an AWS implementation we did not write, with IAM
 * enforced after the first {@code freeRequests} requests (its {@code
 * INITIAL_NO_AUTH_ACTION_COUNT}).
 */
final class MotoServer implements AutoCloseable {
  /** The account moto reports; every ARN it makes is in it. */
  static final String ACCOUNT = "123456789012";

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** Why moto cannot run here, or empty when {@code moto_server} is on the PATH. */
  static Optional<String> unavailable() {
    try {
      Process probe = new ProcessBuilder("moto_server", "--help").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor() == 0
          ? Optional.empty()
          : Optional.of("moto_server --help failed (exit " + probe.exitValue() + ")");
    } catch (IOException e) {
      return Optional.of("moto_server is not on the PATH (pip install 'moto[server]')");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  static MotoServer start(int freeRequests, Path log) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder("moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(freeRequests));
    Process process = builder.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return new MotoServer(process, URI.create("http://127.0.0.1:" + port));
      } catch (IOException notYet) {
        if (!process.isAlive() || System.currentTimeMillis() > deadline) {
          process.destroyForcibly();
          throw new IOException("moto_server did not start; its output is in " + log, notYet);
        }
        Thread.sleep(200);
      }
    }
  }

  URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
