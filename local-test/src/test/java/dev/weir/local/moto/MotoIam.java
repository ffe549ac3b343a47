package dev.weir.local.moto;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weir.local.infra.IamStatement;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Identities in moto: an administrator created in moto's free first requests, and roles built from
 * the template's statements that the administrator assumes. Moto authorizes each request by its API
 * operation and ignores resource ARNs, so each role gets the template's actions on {@code *}
 * (resources are checked against the template by {@code PermissionCheck} instead), plus the
 * operation names moto checks where IAM's action has another name.
 */
final class MotoIam {
  /** Requests moto lets through before it enforces IAM: the three that create the admin. */
  static final int SETUP_REQUESTS = 3;

  /**
   * API operations whose IAM actions have other names: moto authorizes the operation's own name. A
   * transaction needs each item's action in IAM; moto asks for {@code TransactWriteItems}, granted
   * here where the role grants any item action (whether it grants each item's action is {@code
   * PermissionCheck}'s to tell, from the recorded calls).
   */
  private static final Map<String, List<String>> MOTO_OPERATION_NEEDS =
      Map.of(
          "dynamodb:TransactWriteItems",
          List.of(
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:ConditionCheckItem"),
          "sqs:SendMessageBatch",
          List.of("sqs:SendMessage"));

  /** The administrator, the one principal the roles trust (moto checks trust policies). */
  private static final String ADMIN = "weir-admin";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI endpoint;
  private final AwsCredentialsProvider admin;

  private MotoIam(URI endpoint, AwsCredentialsProvider admin) {
    this.endpoint = endpoint;
    this.admin = admin;
  }

  /** Creates the administrator; must be the first {@value #SETUP_REQUESTS} requests to moto. */
  static MotoIam withAdmin(URI endpoint) {
    try (IamClient iam =
        iam(
            endpoint,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("setup", "setup")))) {
      iam.createUser(r -> r.userName(ADMIN));
      iam.putUserPolicy(
          r ->
              r.userName(ADMIN)
                  .policyName("everything")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                          + "\"Action\":\"*\",\"Resource\":\"*\"}]}"));
      AccessKey key = iam.createAccessKey(r -> r.userName(ADMIN)).accessKey();
      return new MotoIam(
          endpoint,
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }
  }

  AwsCredentialsProvider admin() {
    return admin;
  }

  /** Creates a role allowed {@code statements}' actions (on every resource) and assumes it. */
  AwsCredentialsProvider assumeRoleWith(String roleName, Collection<IamStatement> statements) {
    String arn;
    try (IamClient iam = iam(endpoint, admin)) {
      arn =
          iam.createRole(
                  r ->
                      r.roleName(roleName)
                          .assumeRolePolicyDocument(
                              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                  + "\"Principal\":{\"AWS\":\"arn:aws:iam::"
                                  + MotoServer.ACCOUNT
                                  + ":user/"
                                  + ADMIN
                                  + "\"},\"Action\":\"sts:AssumeRole\"}]}"))
              .role()
              .arn();
      iam.putRolePolicy(
          r -> r.roleName(roleName).policyName("weir").policyDocument(policy(statements)));
    }
    try (StsClient sts =
        StsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(admin)
            .build()) {
      Credentials credentials =
          sts.assumeRole(r -> r.roleArn(arn).roleSessionName(roleName).durationSeconds(3_600))
              .credentials();
      return StaticCredentialsProvider.create(
          AwsSessionCredentials.create(
              credentials.accessKeyId(),
              credentials.secretAccessKey(),
              credentials.sessionToken()));
    }
  }

  /** The statements' actions on {@code *}, with moto's names for them. */
  static String policy(Collection<IamStatement> statements) {
    Set<String> actions = new LinkedHashSet<>();
    statements.forEach(s -> actions.addAll(s.actions()));
    List<String> motoNames = new ArrayList<>();
    MOTO_OPERATION_NEEDS.forEach(
        (operation, needs) -> {
          if (needs.stream().anyMatch(actions::contains)) {
            motoNames.add(operation);
          }
        });
    actions.addAll(motoNames);
    ObjectNode document = JSON.createObjectNode().put("Version", "2012-10-17");
    ObjectNode statement =
        document.putArray("Statement").addObject().put("Effect", "Allow").put("Resource", "*");
    ArrayNode action = statement.putArray("Action");
    actions.forEach(action::add);
    return document.toString();
  }

  private static IamClient iam(URI endpoint, AwsCredentialsProvider credentials) {
    return IamClient.builder()
        .endpointOverride(endpoint)
        .region(Region.AWS_GLOBAL)
        .credentialsProvider(credentials)
        .build();
  }
}
