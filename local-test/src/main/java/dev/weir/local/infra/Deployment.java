package dev.weir.local.infra;

/**
 * Where a stack is deployed: what CloudFormation's pseudo parameters resolve to. A resource without
 * a name of its own gets {@code stackName + "-" + logicalId}, as the local stack names them.
 */
public record Deployment(String stackName, String region, String account) {
  public String partition() {
    return "aws";
  }

  /** The name a resource without an explicit name gets in this deployment. */
  public String generatedName(String logicalId) {
    return stackName + "-" + logicalId;
  }
}
