package dev.weir.local.dynamodb;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Simulates a process crash at the n-th DynamoDB request: with {@code afterRequest} the request
 * still takes effect but its answer is lost; without, it never reaches DynamoDB. From then on every
 * request fails, as nothing runs in a dead process.
 */
final class CrashInjector implements ExecutionInterceptor {
  static final class Crash extends RuntimeException {
    Crash(int request) {
      super("simulated crash at request " + request);
    }
  }

  private final int crashAt;
  private final boolean afterRequest;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile boolean crashed;

  CrashInjector(int crashAt, boolean afterRequest) {
    this.crashAt = crashAt;
    this.afterRequest = afterRequest;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    int request = requests.incrementAndGet();
    if (crashed || (!afterRequest && request == crashAt)) {
      crashed = true;
      throw new Crash(request);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (afterRequest && requests.get() == crashAt) {
      crashed = true;
      throw new Crash(crashAt);
    }
  }

  boolean crashed() {
    return crashed;
  }

  int requests() {
    return requests.get();
  }
}
