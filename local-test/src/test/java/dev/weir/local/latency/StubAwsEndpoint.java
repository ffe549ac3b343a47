package dev.weir.local.latency;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An AWS endpoint on loopback that answers every request alike, after a delay: an emulator whose
 * pace the test chooses. Each request is answered on its own thread, as an emulator would.
 */
final class StubAwsEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private volatile long delayMillis;
  private volatile int status = 200;
  private volatile String body = "{}";

  StubAwsEndpoint() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            Thread.sleep(delayMillis);
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Answers take {@code millis} from now on. */
  StubAwsEndpoint delay(long millis) {
    delayMillis = millis;
    return this;
  }

  /** Answers are {@code httpStatus} with {@code json} from now on. */
  StubAwsEndpoint answer(int httpStatus, String json) {
    status = httpStatus;
    body = json;
    return this;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
