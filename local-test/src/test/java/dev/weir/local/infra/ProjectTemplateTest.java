package dev.weir.local.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A project's template is Weir's, deploying the project's jar: the quickstart's agrees. */
class ProjectTemplateTest {
  private static final Path WEIR = Path.of("..", "infra", "template.yaml");
  private static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "template.yaml");

  private static String quickstartTemplate() throws Exception {
    return ProjectTemplate.generate(
        Files.readString(WEIR),
        "com.example.quickstart.VisitsPipeline",
        "visits",
        "target/quickstart-lambda.jar");
  }

  @Test
  void theQuickstartsTemplateIsGeneratedFromWeirsAsItStands() throws Exception {
    assertThat(Files.readString(QUICKSTART))
        .as(
            "examples/quickstart/template.yaml is out of date; regenerate it: ./weir template"
                + " --pipeline com.example.quickstart.VisitsPipeline --pipeline-name visits"
                + " --code-uri target/quickstart-lambda.jar --output"
                + " examples/quickstart/template.yaml")
        .isEqualTo(quickstartTemplate());
  }

  @Test
  void itDeclaresWeirsResourcesAndParametersAndDeploysTheProjectsJar(@TempDir Path dir)
      throws Exception {
    JsonNode weir = CloudFormationYaml.read(WEIR);
    JsonNode project =
        CloudFormationYaml.read(Files.writeString(dir.resolve("t.yaml"), quickstartTemplate()));

    assertThat(project.get("Resources")).isEqualTo(weir.get("Resources"));
    assertThat(project.get("Outputs")).isEqualTo(weir.get("Outputs"));
    assertThat(project.get("Parameters").size()).isEqualTo(weir.get("Parameters").size());
    assertThat(project.at("/Parameters/PipelineClass/Default").asText())
        .isEqualTo("com.example.quickstart.VisitsPipeline");
    assertThat(project.at("/Parameters/PipelineName/Default").asText()).isEqualTo("visits");
    assertThat(project.at("/Globals/Function/CodeUri").asText())
        .isEqualTo("target/quickstart-lambda.jar");
  }

  @Test
  void aTemplateWithoutTheLinesItReplacesIsRefusedNotCopied() throws Exception {
    String withoutCodeUri = Files.readString(WEIR).replaceAll("(?m)^    CodeUri: .*\\n", "");

    assertThatThrownBy(() -> ProjectTemplate.generate(withoutCodeUri, "a.B", "b", "c.jar"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CodeUri");
  }
}
