package dev.weir.local.faults;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Answers lost after the write took effect, as a timeout or a server error after the fact leaves a
 * client: a selected DynamoDB request reaches DynamoDB and is applied, then its successful answer
 * is replaced by an HTTP 500 {@code InternalServerError}, which the SDK's own retry policy treats
 * as retryable. The SDK sends the very same request again; a conditional write then fails the
 * condition its own first attempt made false ({@code ConditionalCheckFailedException}, or a
 * cancelled transaction) although it succeeded. Only the first successful answer of a request is
 * replaced, so its retry comes through as DynamoDB answers it.
 *
 * <p>Needs nothing but the SDK, so tests and the fault campaign can install it on any DynamoDB
 * client. Every attempt is counted, which is how a test sees that the SDK really retried.
 */
public final class AmbiguousAnswers implements ExecutionInterceptor {
  /** The DynamoDB operations that write. */
  public static final Set<String> WRITES =
      Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems");

  private static final ExecutionAttribute<Boolean> DECIDED =
      new ExecutionAttribute<>("weir.ambiguous-answers.decided");
  private static final ExecutionAttribute<Boolean> REPLACING =
      new ExecutionAttribute<>("weir.ambiguous-answers.replacing");
  private static final ExecutionAttribute<Boolean> ANSWERED_AMBIGUOUSLY =
      new ExecutionAttribute<>("weir.ambiguous-answers.answered");

  private static final String SERVER_ERROR =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
          + "\"message\":\"injected: the answer was lost after the request took effect\"}";

  private final BiPredicate<String, SdkRequest> selected;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger replaced = new AtomicInteger();
  private final AtomicInteger resent = new AtomicInteger();
  private volatile boolean enabled = true;

  private AmbiguousAnswers(BiPredicate<String, SdkRequest> selected) {
    this.selected = selected;
  }

  /** Answers ambiguously the requests {@code selected} picks, by operation name and request. */
  public static AmbiguousAnswers when(BiPredicate<String, SdkRequest> selected) {
    return new AmbiguousAnswers(selected);
  }

  /**
   * Answers each write ({@link #WRITES}) ambiguously with {@code probability}, from {@code seed}.
   */
  public static AmbiguousAnswers randomly(double probability, long seed) {
    Random random = new Random(seed);
    return new AmbiguousAnswers(
        (operation, request) -> {
          if (!WRITES.contains(operation)) {
            return false;
          }
          synchronized (random) {
            return random.nextDouble() < probability;
          }
        });
  }

  /** Stops replacing answers; attempts are still counted. */
  public void disable() {
    enabled = false;
  }

  /** Requests of {@code operation} sent so far, first attempts and retries alike. */
  public int attempts(String operation) {
    AtomicInteger count = attempts.get(operation);
    return count == null ? 0 : count.get();
  }

  /** Successful answers replaced by a server error. */
  public int ambiguousAnswers() {
    return replaced.get();
  }

  /** Attempts the SDK sent again after an answer this replaced. */
  public int retriesAfterAmbiguousAnswers() {
    return resent.get();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    attempts.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
    if (Boolean.TRUE.equals(attributes.getAttribute(ANSWERED_AMBIGUOUSLY))) {
      resent.incrementAndGet();
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    SdkHttpResponse response = context.httpResponse();
    // Decided once per request, at its first successful answer: its retries pass.
    if (!enabled
        || !response.isSuccessful()
        || Boolean.TRUE.equals(attributes.getAttribute(DECIDED))) {
      return response;
    }
    attributes.putAttribute(DECIDED, true);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!selected.test(operation, context.request())) {
      return response;
    }
    attributes.putAttribute(REPLACING, true);
    attributes.putAttribute(ANSWERED_AMBIGUOUSLY, true);
    replaced.incrementAndGet();
    Map<String, List<String>> headers = new HashMap<>(response.headers());
    // The body is replaced too: the original's length and checksum would not match it.
    headers.keySet().removeIf(h -> h.equalsIgnoreCase("x-amz-crc32"));
    headers.keySet().removeIf(h -> h.equalsIgnoreCase("Content-Length"));
    return SdkHttpFullResponse.builder()
        .statusCode(500)
        .statusText("Internal Server Error")
        .headers(headers)
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (!Boolean.TRUE.equals(attributes.getAttribute(REPLACING))) {
      return context.responseBody();
    }
    attributes.putAttribute(REPLACING, false);
    context.responseBody().ifPresent(AmbiguousAnswers::drain);
    return Optional.of(new ByteArrayInputStream(SERVER_ERROR.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads the real answer to its end, so its connection can serve the retry. */
  private static void drain(InputStream body) {
    try (body) {
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
