package dev.weir.store.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The units a response reports, per table: with {@code INDEXES} DynamoDB gives the table's part and
 * each secondary index's apart (a write that adds, moves or removes an index entry is billed on the
 * index too), and they are summed here; a report of the total alone is taken as it is.
 */
final class ReportedUnits {
  private ReportedUnits() {}

  /** The consumed capacity in {@code response}, one element per table (none if not reported). */
  static List<ConsumedCapacity> consumedCapacity(SdkResponse response) {
    ConsumedCapacity single = null;
    if (response instanceof GetItemResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof QueryResponse r) {
      single = r.consumedCapacity();
    } else if (response instanceof ScanResponse r) {
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

  /** Read and write units per table, table and index parts summed. */
  static List<CapacityBilling.Units> of(String operation, SdkResponse response) {
    List<CapacityBilling.Units> units = new ArrayList<>();
    boolean read = isRead(operation);
    for (ConsumedCapacity consumed : consumedCapacity(response)) {
      double[] sum = new double[2];
      boolean parts = consumed.table() != null;
      if (consumed.table() != null) {
        add(sum, consumed.table(), read);
      }
      if (consumed.hasGlobalSecondaryIndexes()) {
        consumed.globalSecondaryIndexes().values().forEach(index -> add(sum, index, read));
        parts = true;
      }
      if (consumed.hasLocalSecondaryIndexes()) {
        consumed.localSecondaryIndexes().values().forEach(index -> add(sum, index, read));
        parts = true;
      }
      if (!parts) {
        add(
            sum,
            value(consumed.readCapacityUnits()),
            value(consumed.writeCapacityUnits()),
            value(consumed.capacityUnits()),
            read);
      }
      units.add(new CapacityBilling.Units(consumed.tableName(), sum[0], sum[1]));
    }
    return units;
  }

  /** Whether {@code operation} reads (its units are read units when only a total is given). */
  static boolean isRead(String operation) {
    return operation.startsWith("Get")
        || operation.startsWith("Query")
        || operation.startsWith("Scan")
        || operation.startsWith("BatchGet")
        || operation.startsWith("TransactGet");
  }

  private static void add(double[] sum, Capacity capacity, boolean read) {
    add(
        sum,
        value(capacity.readCapacityUnits()),
        value(capacity.writeCapacityUnits()),
        value(capacity.capacityUnits()),
        read);
  }

  private static void add(double[] sum, double reads, double writes, double total, boolean read) {
    if (reads == 0 && writes == 0) {
      // Some reports carry only the total; reads and writes are told apart by the API.
      sum[read ? 0 : 1] += total;
    } else {
      sum[0] += reads;
      sum[1] += writes;
    }
  }

  private static double value(Double units) {
    return units == null ? 0 : units;
  }
}
