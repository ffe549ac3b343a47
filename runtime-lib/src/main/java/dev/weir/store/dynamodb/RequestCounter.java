package dev.weir.store.dynamodb;

import dev.weir.store.StoreUsage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts DynamoDB requests and the capacity units they consumed, per API and table. Register it on
 * the client ({@code overrideConfiguration(c -> c.addExecutionInterceptor(counter))}); the store
 * asks every request to return its consumed capacity.
 */
public final class RequestCounter implements ExecutionInterceptor, StoreUsage {
  /** Totals of one API on one table. */
  public record Usage(long requests, double readUnits, double writeUnits) {
    public double units() {
      return readUnits + writeUnits;
    }
  }

  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> readUnits = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> writeUnits = new ConcurrentHashMap<>();

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    List<ConsumedCapacity> consumed = consumedCapacity(context.response());
    String table =
        consumed.isEmpty() || consumed.get(0).tableName() == null
            ? "-"
            : consumed.get(0).tableName();
    requests.computeIfAbsent(operation + " " + table, k -> new LongAdder()).increment();
    for (ConsumedCapacity capacity : consumed) {
      String key = operation + " " + capacity.tableName();
      double read = value(capacity.readCapacityUnits());
      double write = value(capacity.writeCapacityUnits());
      if (read == 0 && write == 0) {
        // Some responses carry only the total; reads and writes are told apart by the API.
        boolean isRead =
            operation.startsWith("Get")
                || operation.startsWith("Query")
                || operation.startsWith("Scan")
                || operation.startsWith("BatchGet")
                || operation.startsWith("TransactGet");
        if (isRead) {
          read = value(capacity.capacityUnits());
        } else {
          write = value(capacity.capacityUnits());
        }
      }
      readUnits.computeIfAbsent(key, k -> new DoubleAdder()).add(read);
      writeUnits.computeIfAbsent(key, k -> new DoubleAdder()).add(write);
    }
  }

  private static double value(Double units) {
    return units == null ? 0 : units;
  }

  private static List<ConsumedCapacity> consumedCapacity(SdkResponse response) {
    ConsumedCapacity single = null;
    if (response instanceof GetItemResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof QueryResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof PutItemResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof UpdateItemResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof DeleteItemResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof TransactWriteItemsResponse r) {
      return r.consumedCapacity();
    } else if (response instanceof TransactGetItemsResponse r) {
      return r.consumedCapacity();
    } else if (response instanceof BatchWriteItemResponse r) {
      return r.consumedCapacity();
    } else if (response instanceof BatchGetItemResponse r) {
      return r.consumedCapacity();
    }
    return single == null ? List.of() : List.of(single);
  }

  /** Usage per "API table", sorted. */
  public Map<String, Usage> usage() {
    Map<String, Usage> usage = new TreeMap<>();
    requests.forEach(
        (key, count) ->
            usage.put(
                key,
                new Usage(
                    count.sum(),
                    readUnits.getOrDefault(key, new DoubleAdder()).sum(),
                    writeUnits.getOrDefault(key, new DoubleAdder()).sum())));
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
