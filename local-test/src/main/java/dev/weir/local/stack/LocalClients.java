package dev.weir.local.stack;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/** Every client the local stack builds: one endpoint, the stack's region, given credentials. */
final class LocalClients {
  private LocalClients() {}

  static <B extends AwsClientBuilder<B, C>, C> C on(
      B builder,
      URI endpoint,
      AwsCredentialsProvider credentials,
      ExecutionInterceptor... interceptors) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .overrideConfiguration(
            c -> {
              for (ExecutionInterceptor interceptor : interceptors) {
                c.addExecutionInterceptor(interceptor);
              }
            })
        .build();
  }

  /** The interceptors given, those that are {@code null} (not wanted) left out. */
  static ExecutionInterceptor[] given(ExecutionInterceptor... interceptors) {
    return Arrays.stream(interceptors)
        .filter(Objects::nonNull)
        .toArray(ExecutionInterceptor[]::new);
  }
}
