package dev.weir.local.stack;

import dev.weir.functions.wiring.AwsWiring;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Who calls AWS when the local stack runs on an AWS implementation that enforces IAM (moto's): the
 * stack itself (creating resources, the event-source mapping, reading outputs) as an administrator,
 * and each function with its own role's credentials, as Lambda would run it.
 *
 * @param admin credentials of an identity allowed everything
 * @param account the account the endpoint reports (ARNs are built with it)
 * @param functions the client setup of each function, by the template's logical id ({@code
 *     ProcessorFunction}, {@code WatermarkFunction}, {@code TimerFunction})
 */
public record AwsIdentities(
    AwsCredentialsProvider admin, String account, Map<String, AwsWiring.ClientSetup> functions) {
  public static final String PROCESSOR = "ProcessorFunction";
  public static final String WATERMARK = "WatermarkFunction";
  public static final String TIMER = "TimerFunction";

  public AwsWiring.ClientSetup function(String logicalId) {
    AwsWiring.ClientSetup setup = functions.get(logicalId);
    if (setup == null) {
      throw new IllegalArgumentException("no credentials for " + logicalId);
    }
    return setup;
  }
}
