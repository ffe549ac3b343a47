package dev.weir.functions.adapters;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/** Points an AWS SDK client at a WireMock server that plays recorded API answers. */
public final class RecordedAws {
  private RecordedAws() {}

  public static <B extends AwsClientBuilder<B, C>, C> C client(B builder, WireMockServer api) {
    return builder
        .endpointOverride(URI.create(api.baseUrl()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .build();
  }
}
