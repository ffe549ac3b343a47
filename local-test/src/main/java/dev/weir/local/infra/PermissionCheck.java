package dev.weir.local.infra;

import dev.weir.functions.wiring.AwsCall;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Least privilege both ways: every call a function made is allowed by its role, and every action on
 * every resource its role grants is used by some call. The calls are what {@code AwsCallRecorder}
 * saw plus what Lambda itself does with the role ({@link LambdaPlatformCalls}).
 */
public final class PermissionCheck {
  /** A granted action on a granted resource that no call used. */
  public record Grant(String action, String resource) {
    @Override
    public String toString() {
      return action + " on " + resource;
    }
  }

  /** What is wrong: calls no statement allows, and grants no call uses. */
  public record Findings(List<AwsCall> denied, List<Grant> unused) {
    public boolean clean() {
      return denied.isEmpty() && unused.isEmpty();
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      denied.forEach(c -> text.append("\n  not granted: ").append(c));
      unused.forEach(g -> text.append("\n  granted, never used: ").append(g));
      return text.toString();
    }
  }

  /**
   * An item-level DynamoDB call (one item of a batch or transaction each) and the partition key of
   * the item: what IAM's {@code dynamodb:LeadingKeys} condition sees.
   */
  public record KeyedCall(String action, String resource, String leadingKey)
      implements Comparable<KeyedCall> {
    @Override
    public int compareTo(KeyedCall other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return action + " on " + resource + " in " + leadingKey;
    }
  }

  /** A granted action on a granted leading key that no call used. */
  public record KeyGrant(String action, String leadingKey) {
    @Override
    public String toString() {
      return action + " in " + leadingKey;
    }
  }

  /** Item calls no statement admits for their partition, and admitted keys no call used. */
  public record KeyFindings(List<KeyedCall> denied, List<KeyGrant> unused) {
    public boolean clean() {
      return denied.isEmpty() && unused.isEmpty();
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      denied.forEach(c -> text.append("\n  not granted for its partition: ").append(c));
      unused.forEach(g -> text.append("\n  leading key granted, never used: ").append(g));
      return text.toString();
    }
  }

  private PermissionCheck() {}

  /**
   * Least privilege both ways for partitions: every item call is admitted by a statement that
   * allows its action on its table, with no {@code dynamodb:LeadingKeys} condition or one that
   * lists its partition; and every action and key such a condition grants is used by some call.
   */
  public static KeyFindings checkLeadingKeys(
      Collection<IamStatement> statements, Collection<KeyedCall> calls) {
    List<KeyedCall> denied = new ArrayList<>();
    for (KeyedCall call : calls) {
      if (statements.stream()
          .noneMatch(s -> s.admitsLeadingKey(call.action(), call.resource(), call.leadingKey()))) {
        denied.add(call);
      }
    }
    List<KeyGrant> unused = new ArrayList<>();
    for (IamStatement statement : statements) {
      for (String key : statement.leadingKeys().orElse(List.of())) {
        for (String action : statement.actions()) {
          if (calls.stream()
              .noneMatch(
                  c ->
                      c.leadingKey().equals(key)
                          && statement.admitsLeadingKey(action, c.resource(), key)
                          && IamStatement.matches(action, c.action(), true))) {
            unused.add(new KeyGrant(action, key));
          }
        }
      }
    }
    return new KeyFindings(denied, unused);
  }

  public static Findings check(Collection<IamStatement> statements, Collection<AwsCall> calls) {
    List<AwsCall> denied = new ArrayList<>();
    for (AwsCall call : calls) {
      if (statements.stream().noneMatch(s -> s.allows(call.action(), call.resource()))) {
        denied.add(call);
      }
    }
    List<Grant> unused = new ArrayList<>();
    for (IamStatement statement : statements) {
      for (String action : statement.actions()) {
        for (String resource : statement.resources()) {
          IamStatement grant = new IamStatement(List.of(action), List.of(resource), null);
          if (calls.stream().noneMatch(c -> grant.allows(c.action(), c.resource()))) {
            unused.add(new Grant(action, resource));
          }
        }
      }
    }
    return new Findings(denied, unused);
  }
}
