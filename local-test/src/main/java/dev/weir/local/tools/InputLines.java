package dev.weir.local.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.pipeline.WeirPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns input lines into records for the input stream: each line is one record's data. JSON lines
 * must parse as JSON (a line that does not is reported with its number and not sent); raw lines are
 * sent as they are. Each record's partition key is the pipeline's for its data (its key's, where
 * the key is in the data), or the top-level field {@code partitionKeyField} of the JSON line, for
 * pipelines that take their key from the partition key (raw lines have no field: {@code weir run}
 * refuses the two together).
 */
final class InputLines {
  /** One record to write. */
  record Line(long number, String partitionKey, byte[] data) {}

  private final WeirPipeline<?, ?, ?> pipeline;
  private final boolean raw;
  private final String partitionKeyField;
  private final PrintStream errors;
  private long read;
  private long refused;

  InputLines(
      WeirPipeline<?, ?, ?> pipeline, boolean raw, String partitionKeyField, PrintStream errors) {
    this.pipeline = pipeline;
    this.raw = raw;
    this.partitionKeyField = partitionKeyField;
    this.errors = errors;
  }

  /** Reads every line of {@code reader}, handing each that can be sent to {@code sink}. */
  void readAll(BufferedReader reader, Consumer<Line> sink) throws IOException {
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      read++;
      if (text.isBlank()) {
        continue;
      }
      try {
        sink.accept(line(read, text));
      } catch (IllegalArgumentException refusedLine) {
        refused++;
        errors.println("weir run: line " + read + " not sent: " + refusedLine.getMessage());
      }
    }
  }

  long read() {
    return read;
  }

  long refused() {
    return refused;
  }

  private Line line(long number, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    JsonNode json = raw ? null : parse(text);
    String partitionKey;
    if (partitionKeyField != null) {
      JsonNode field = json.get(partitionKeyField);
      if (field == null || field.isNull() || field.isContainerNode()) {
        throw new IllegalArgumentException(
            "it has no text or number field \"" + partitionKeyField + "\" for its partition key");
      }
      partitionKey = field.asText();
    } else {
      partitionKey = pipeline.partitionKeyOfRecord(data);
      if (partitionKey.isEmpty()) {
        throw new IllegalArgumentException(
            "pipeline "
                + pipeline.name()
                + " takes its key from the partition key: name the JSON field that holds it"
                + " with --partition-key FIELD");
      }
    }
    if (partitionKey.isEmpty() || partitionKey.length() > 256) {
      throw new IllegalArgumentException(
          "its partition key must be 1 to 256 characters, not " + partitionKey.length());
    }
    return new Line(number, partitionKey, data);
  }

  private static JsonNode parse(String text) {
    try {
      return JsonValues.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON (" + e.getOriginalMessage() + "); use --raw to send lines as they are");
    }
  }
}
