package dev.weir.functions.wiring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;

/**
 * Records the permission every AWS call of a function's clients needs, before the call is sent (so
 * a call that is denied is recorded too): what the deployed role must allow. Register one recorder
 * on every client of one function; the permission tests compare what it saw with the template.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
  private static final int REMEMBERED_TOKENS = 10_000;
  private static final Set<String> DENIED =
      Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation");

  private final IamRequests requests;
  private final Set<AwsCall> calls = ConcurrentHashMap.newKeySet();
  private final Set<String> denials = ConcurrentHashMap.newKeySet();

  /**
   * Kinesis shard iterators and page tokens, by the stream they came from: GetRecords and the
   * second page of ListShards name no stream, but IAM authorizes them on it.
   */
  private final Map<String, String> streamOfToken =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > REMEMBERED_TOKENS;
            }
          });

  /**
   * Records ARNs of {@code account} in partition {@code aws}, in the region each client is
   * configured with.
   */
  public AwsCallRecorder(String account) {
    this.requests = new IamRequests("aws", "us-east-1", account);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.addAll(calls(context.request(), attributes));
  }

  private List<AwsCall> calls(SdkRequest request, ExecutionAttributes attributes) {
    String service =
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(Locale.ROOT);
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    IamRequests inRegion =
        Optional.ofNullable(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION))
            .map(region -> requests.inRegion(region.id()))
            .orElse(requests);
    return inRegion.calls(service, operation, request, streamOf(request));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String stream = streamOf(context.request());
    if (stream == null) {
      return;
    }
    SdkResponse response = context.response();
    if (response instanceof GetShardIteratorResponse iterator) {
      remember(iterator.shardIterator(), stream);
    } else if (response instanceof GetRecordsResponse records) {
      remember(records.nextShardIterator(), stream);
    } else if (response instanceof ListShardsResponse page) {
      remember(page.nextToken(), stream);
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    // AWS answers 403 for a missing permission (moto too, though not always with a code the
    // service's protocol parser reads), naming the action in its message.
    if (context.exception() instanceof AwsServiceException error
        && (error.statusCode() == 403
            || (error.awsErrorDetails() != null
                && DENIED.contains(error.awsErrorDetails().errorCode())))) {
      denials.add(calls(context.request(), attributes) + " refused: " + error.getMessage());
    }
  }

  private void remember(String token, String stream) {
    if (token != null) {
      streamOfToken.put(token, stream);
    }
  }

  private String streamOf(SdkRequest request) {
    return request
        .getValueForField("StreamName", String.class)
        .or(() -> request.getValueForField("ShardIterator", String.class).map(streamOfToken::get))
        .or(() -> request.getValueForField("NextToken", String.class).map(streamOfToken::get))
        .orElse(null);
  }

  /** Every permission recorded so far, sorted. */
  public SortedSet<AwsCall> calls() {
    return new TreeSet<>(calls);
  }

  /** The calls refused for want of a permission, each with AWS's message (naming the action). */
  public SortedSet<String> denials() {
    return new TreeSet<>(denials);
  }
}
