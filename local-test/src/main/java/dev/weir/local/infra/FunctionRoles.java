package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The execution role of each function in a SAM template and the statements its policies allow,
 * every {@code !Sub}, {@code !GetAtt} and {@code !Ref} resolved for one {@link Deployment}.
 */
public final class FunctionRoles {
  private final JsonNode template;
  private final TemplateIntrinsics intrinsics;

  private FunctionRoles(JsonNode template, Deployment deployment) {
    this.template = template;
    this.intrinsics = new TemplateIntrinsics(template, deployment);
  }

  public static FunctionRoles of(JsonNode template, Deployment deployment) {
    return new FunctionRoles(template, deployment);
  }

  public TemplateIntrinsics intrinsics() {
    return intrinsics;
  }

  /** Each function's logical id and the logical id of its role ({@code Role: !GetAtt X.Arn}). */
  public Map<String, String> roleOfFunction() {
    Map<String, String> roles = new LinkedHashMap<>();
    template
        .get("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              if (resource.getValue().get("Type").asText().equals("AWS::Serverless::Function")) {
                JsonNode role = resource.getValue().at("/Properties/Role/Fn::GetAtt");
                if (role.isMissingNode()) {
                  throw new IllegalStateException(
                      resource.getKey() + " has no explicit Role: !GetAtt <Role>.Arn");
                }
                roles.put(resource.getKey(), role.get(0).asText());
              }
            });
    return roles;
  }

  /** The {@code Allow} statements of every inline policy of a role, conditions resolved too. */
  public List<IamStatement> statements(String roleLogicalId) {
    List<IamStatement> statements = new ArrayList<>();
    for (JsonNode policy : template.at("/Resources/" + roleLogicalId + "/Properties/Policies")) {
      for (JsonNode statement : policy.at("/PolicyDocument/Statement")) {
        if (!statement.get("Effect").asText().equals("Allow")) {
          continue;
        }
        statements.add(
            new IamStatement(
                intrinsics.strings(statement.get("Action")),
                intrinsics.strings(statement.get("Resource")),
                resolved(statement.get("Condition"))));
      }
    }
    return statements;
  }

  /** A condition block with every value's intrinsics resolved (e.g. {@code !Sub} leading keys). */
  private JsonNode resolved(JsonNode condition) {
    if (condition == null) {
      return null;
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    condition
        .fields()
        .forEachRemaining(
            operator -> {
              ObjectNode keys = copy.putObject(operator.getKey());
              operator
                  .getValue()
                  .fields()
                  .forEachRemaining(
                      key -> {
                        if (key.getValue().isArray()) {
                          ArrayNode values = keys.putArray(key.getKey());
                          intrinsics.strings(key.getValue()).forEach(values::add);
                        } else {
                          keys.put(key.getKey(), intrinsics.string(key.getValue()));
                        }
                      });
            });
    return copy;
  }

  /** The role's trust policy ({@code AssumeRolePolicyDocument}), unresolved. */
  public JsonNode trustPolicy(String roleLogicalId) {
    return template.at("/Resources/" + roleLogicalId + "/Properties/AssumeRolePolicyDocument");
  }
}
