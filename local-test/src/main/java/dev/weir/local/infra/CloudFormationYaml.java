package dev.weir.local.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation YAML template into JSON, turning the short-form tags ({@code !Ref}, {@code
 * !GetAtt}, {@code !Sub}, ...) into their {@code Fn::} objects, as CloudFormation does.
 */
public final class CloudFormationYaml {
  private static final List<String> FUNCTIONS =
      List.of(
          "Base64",
          "Cidr",
          "FindInMap",
          "GetAtt",
          "GetAZs",
          "ImportValue",
          "Join",
          "Select",
          "Split",
          "Sub",
          "Transform",
          "And",
          "Equals",
          "If",
          "Not",
          "Or",
          "Condition",
          "Ref");

  private CloudFormationYaml() {}

  public static JsonNode read(Path template) throws IOException {
    Yaml yaml = new Yaml(new Constructor());
    try (Reader reader = Files.newBufferedReader(template)) {
      return new ObjectMapper().valueToTree(yaml.load(reader));
    }
  }

  private static final class Constructor extends SafeConstructor {
    Constructor() {
      super(new LoaderOptions());
      for (String function : FUNCTIONS) {
        String key =
            function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
        this.yamlConstructors.put(new Tag("!" + function), new Intrinsic(key, function));
      }
    }

    private final class Intrinsic extends AbstractConstruct {
      private final String key;
      private final String function;

      Intrinsic(String key, String function) {
        this.key = key;
        this.function = function;
      }

      @Override
      public Object construct(Node node) {
        Object value;
        if (node instanceof ScalarNode scalar) {
          String text = constructScalar(scalar);
          // !GetAtt Resource.Attribute is short for [Resource, Attribute]
          value = function.equals("GetAtt") ? List.of(text.split("\\.", 2)) : text;
        } else if (node instanceof SequenceNode sequence) {
          value = constructSequence(sequence);
        } else {
          value = constructMapping((MappingNode) node);
        }
        return Map.of(key, value);
      }
    }
  }
}
