package dev.weir.functions.wiring;

/**
 * One permission an AWS call needs, as IAM sees it: an action ({@code dynamodb:BatchGetItem}) on a
 * resource ARN ({@code arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i}).
 */
public record AwsCall(String action, String resource) implements Comparable<AwsCall> {
  @Override
  public int compareTo(AwsCall other) {
    int byAction = action.compareTo(other.action);
    return byAction != 0 ? byAction : resource.compareTo(other.resource);
  }

  @Override
  public String toString() {
    return action + " on " + resource;
  }
}
