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

  private PermissionCheck() {}

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
