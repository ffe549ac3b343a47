package dev.weir.store.dynamodb;

import dev.weir.store.StoreUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts DynamoDB requests and the capacity units they are billed, per API and table. Register it
 * on the client ({@code overrideConfiguration(c -> c.addExecutionInterceptor(counter))}): it asks
 * every request that can report its consumed capacity to report it per table and index ({@code
 * ReturnConsumedCapacity.INDEXES}, whatever the caller set), sums the table's and its indexes'
 * units, and adds what its {@link CapacityBilling} says the report leaves out (nothing on AWS).
 * Requests that fail count too, with the units the billing model gives them.
 */
public final class RequestCounter implements ExecutionInterceptor, StoreUsage {
  /** Totals of one API on one table. */
  public record Usage(long requests, double readUnits, double writeUnits) {
    public double units() {
      return readUnits + writeUnits;
    }
  }

  private final CapacityBilling billing;
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> readUnits = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> writeUnits = new ConcurrentHashMap<>();

  /** A counter of what DynamoDB reports: what AWS bills. */
  public RequestCounter() {
    this(CapacityBilling.AS_REPORTED);
  }

  /** A counter billing as {@code billing} says (an emulator's corrections). */
  public RequestCounter(CapacityBilling billing) {
    this.billing = billing;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    return billing.prepare(CapacityRequests.withIndexes(context.request()));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    List<CapacityBilling.Units> reported = ReportedUnits.of(operation, context.response());
    String table =
        reported.isEmpty() || reported.get(0).table() == null ? "-" : reported.get(0).table();
    requests.computeIfAbsent(operation + " " + table, k -> new LongAdder()).increment();
    add(operation, reported);
    add(operation, billing.corrections(context.request(), context.response()));
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (operation == null) {
      return;
    }
    List<CapacityBilling.Units> billed = billing.failed(context.request(), context.exception());
    String table = billed.isEmpty() ? "-" : billed.get(0).table();
    requests.computeIfAbsent(operation + " " + table, k -> new LongAdder()).increment();
    add(operation, billed);
  }

  private void add(String operation, List<CapacityBilling.Units> units) {
    for (CapacityBilling.Units u : units) {
      String key = operation + " " + u.table();
      readUnits.computeIfAbsent(key, k -> new DoubleAdder()).add(u.readUnits());
      writeUnits.computeIfAbsent(key, k -> new DoubleAdder()).add(u.writeUnits());
    }
  }

  /**
   * Usage per "API table", sorted; a request to several tables counts under the first, its units
   * under each.
   */
  public Map<String, Usage> usage() {
    Set<String> keys = new TreeSet<>(requests.keySet());
    keys.addAll(readUnits.keySet());
    keys.addAll(writeUnits.keySet());
    Map<String, Usage> usage = new TreeMap<>();
    for (String key : keys) {
      usage.put(
          key,
          new Usage(
              requests.getOrDefault(key, new LongAdder()).sum(),
              readUnits.getOrDefault(key, new DoubleAdder()).sum(),
              writeUnits.getOrDefault(key, new DoubleAdder()).sum()));
    }
    return usage;
  }

  /** Totals over every API and table. */
  public Usage total() {
    long count = 0;
    double read = 0;
    double write = 0;
    for (Usage u : usage().values()) {
      count += u.requests();
      read += u.readUnits();
      write += u.writeUnits();
    }
    return new Usage(count, read, write);
  }

  @Override
  public long requests() {
    return total().requests();
  }

  @Override
  public double readUnits() {
    return total().readUnits();
  }

  @Override
  public double writeUnits() {
    return total().writeUnits();
  }

  public void reset() {
    requests.clear();
    readUnits.clear();
    writeUnits.clear();
  }
}
