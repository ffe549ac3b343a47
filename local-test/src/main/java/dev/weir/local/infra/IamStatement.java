package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code Allow} statement of a role's policy, its ARNs resolved. Matching follows IAM: actions
 * compare case-insensitively, and {@code *} and {@code ?} are wildcards in actions and resources.
 * Of conditions, only {@code dynamodb:LeadingKeys} is evaluated ({@link #admitsLeadingKey}); the
 * others are kept for the tests that check them.
 */
public record IamStatement(List<String> actions, List<String> resources, JsonNode condition) {
  /** The condition DynamoDB evaluates on the partition key of each item a request touches. */
  public static final String LEADING_KEYS = "dynamodb:LeadingKeys";

  /**
   * The partition keys this statement's {@code ForAllValues:StringEquals} condition on {@value
   * #LEADING_KEYS} admits, or empty when it has none (every key is admitted).
   */
  public Optional<List<String>> leadingKeys() {
    JsonNode keys =
        condition == null ? null : condition.path("ForAllValues:StringEquals").get(LEADING_KEYS);
    if (keys == null) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    if (keys.isArray()) {
      keys.forEach(k -> values.add(k.asText()));
    } else {
      values.add(keys.asText());
    }
    return Optional.of(values);
  }

  /** True if the statement allows {@code action} on {@code resource} for an item in {@code key}. */
  public boolean admitsLeadingKey(String action, String resource, String key) {
    return allows(action, resource) && leadingKeys().map(keys -> keys.contains(key)).orElse(true);
  }

  public boolean allowsAction(String action) {
    return actions.stream().anyMatch(granted -> matches(granted, action, true));
  }

  public boolean allowsResource(String resource) {
    return resources.stream().anyMatch(granted -> matches(granted, resource, false));
  }

  public boolean allows(String action, String resource) {
    return allowsAction(action) && allowsResource(resource);
  }

  static boolean matches(String pattern, String value, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(
          switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf(c));
          });
    }
    return ignoreCase
        ? Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher(value).matches()
        : value.matches(regex.toString());
  }

  /** The statement admitting one leading key fewer (its condition otherwise the same). */
  public IamStatement withoutLeadingKey(String key) {
    ObjectNode copy = condition.deepCopy();
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    leadingKeys().orElseThrow().stream().filter(k -> !k.equals(key)).forEach(kept::add);
    ((ObjectNode) copy.get("ForAllValues:StringEquals")).set(LEADING_KEYS, kept);
    return new IamStatement(actions, resources, copy);
  }

  /** The statement without one of its actions, or without one of its resources. */
  public IamStatement without(String actionOrResource) {
    return new IamStatement(
        actions.stream().filter(a -> !a.equals(actionOrResource)).toList(),
        resources.stream().filter(r -> !r.equals(actionOrResource)).toList(),
        condition);
  }

  @Override
  public String toString() {
    return actions + " on " + resources + (condition == null ? "" : " if " + condition);
  }
}
