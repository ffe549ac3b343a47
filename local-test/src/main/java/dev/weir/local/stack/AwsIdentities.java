package dev.weir.local.stack;

import dev.weir.functions.wiring.AwsWiring;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Who calls AWS when the local stack runs on an AWS implementation that enforces IAM (moto's): the
 * stack itself (creating resources, the event-source mapping, reading outputs) as an administrator,
 * and each function with its own role's credentials, as Lambda would run it.
 *
 * @param admin credentials of an identity allowed everything
 * @param account the account the endpoint reports (ARNs are built with it)
 * @param functions the host of each function (credentials, interceptors, metrics, clock), by the
 *     template's logical id ({@code ProcessorFunction}, {@code WatermarkFunction}, {@code
 *     TimerFunction})
 */
public record AwsIdentities(
    AwsCredentialsProvider admin, String account, Map<String, AwsWiring.Host> functions) {
  public static final String PROCESSOR = "ProcessorFunction";
  public static final String WATERMARK = "WatermarkFunction";
  public static final String TIMER = "TimerFunction";

  /** The same identities, every function's clock {@code clock}. */
  public AwsIdentities withClock(Clock clock) {
    Map<String, AwsWiring.Host> hosts = new LinkedHashMap<>();
    functions.forEach((function, host) -> hosts.put(function, host.withClock(clock)));
    return new AwsIdentities(admin, account, hosts);
  }

  /**
   * The same identities, every function's clients also through {@code interceptor} (e.g. the AWS
   * latency profile's); the administrator's stay as they are.
   */
  public AwsIdentities withInterceptor(ExecutionInterceptor interceptor) {
    Map<String, AwsWiring.Host> hosts = new LinkedHashMap<>();
    functions.forEach((function, host) -> hosts.put(function, host.withInterceptor(interceptor)));
    return new AwsIdentities(admin, account, hosts);
  }

  public AwsWiring.Host function(String logicalId) {
    AwsWiring.Host setup = functions.get(logicalId);
    if (setup == null) {
      throw new IllegalArgumentException("no credentials for " + logicalId);
    }
    return setup;
  }
}
