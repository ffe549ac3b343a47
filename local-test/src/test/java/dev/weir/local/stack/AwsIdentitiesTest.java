package dev.weir.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.functions.wiring.AwsWiring;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/** Each function's host keeps what it had and gains the interceptors the stack adds. */
class AwsIdentitiesTest {
  private final ExecutionInterceptor own = new ExecutionInterceptor() {};
  private final ExecutionInterceptor added = new ExecutionInterceptor() {};

  @Test
  void anInterceptorAddedReachesEveryFunctionAfterItsOwn() {
    AwsWiring.Host host =
        new AwsWiring.Host(
            AnonymousCredentialsProvider.create(),
            Region.US_EAST_1,
            List.of(own),
            new PrintStream(OutputStream.nullOutputStream()),
            Clock.systemUTC());
    AwsIdentities identities =
        new AwsIdentities(
            AnonymousCredentialsProvider.create(),
            "123456789012",
            Map.of(AwsIdentities.PROCESSOR, host, AwsIdentities.TIMER, host));

    AwsIdentities paced = identities.withInterceptor(added);

    assertThat(paced.admin()).isSameAs(identities.admin());
    for (String function : List.of(AwsIdentities.PROCESSOR, AwsIdentities.TIMER)) {
      AwsWiring.Host withAdded = paced.function(function);
      assertThat(withAdded.interceptors()).containsExactly(own, added);
      assertThat(withAdded.credentials()).isSameAs(host.credentials());
      assertThat(withAdded.clock()).isSameAs(host.clock());
    }
    assertThat(host.interceptors()).containsExactly(own);
  }
}
