package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code Allow} statement of a role's policy, its ARNs resolved. Matching follows IAM: actions
 * compare case-insensitively, and {@code *} and {@code ?} are wildcards in actions and resources.
 * Conditions are kept for the tests that check them, not evaluated.
 */
public record IamStatement(List<String> actions, List<String> resources, JsonNode condition) {
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
