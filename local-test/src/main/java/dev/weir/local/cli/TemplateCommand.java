package dev.weir.local.cli;

import dev.weir.local.infra.ProjectTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code weir template}: the SAM template for one's own project, from Weir's. */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the SAM template that deploys your project's jar with Weir's functions: Weir's own",
      "infra/template.yaml with your pipeline and jar as defaults (regenerate after upgrading)."
    })
final class TemplateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "CLASS",
      description = "your PipelineProvider")
  String pipelineClass;

  @Option(
      names = "--pipeline-name",
      required = true,
      paramLabel = "NAME",
      description = "its pipeline's name() (metrics and alarms carry it)")
  String pipelineName;

  @Option(
      names = "--code-uri",
      required = true,
      paramLabel = "JAR",
      description = "your shaded jar, relative to the template, e.g. target/app-lambda.jar")
  String codeUri;

  @Option(names = "--output", paramLabel = "FILE", description = "write here, not to stdout")
  Path output;

  @Override
  public Integer call() throws Exception {
    for (String[] value :
        new String[][] {
          {"--pipeline", pipelineClass}, {"--pipeline-name", pipelineName}, {"--code-uri", codeUri}
        }) {
      if (value[1].isBlank() || value[1].chars().anyMatch(Character::isWhitespace)) {
        throw new ParameterException(
            spec.commandLine(), value[0] + " must be one word, not '" + value[1] + "'");
      }
    }
    Path root = Path.of(System.getProperty("weir.root", ".")).toAbsolutePath().normalize();
    String template =
        ProjectTemplate.generate(
            Files.readString(root.resolve("infra/template.yaml")),
            pipelineClass,
            pipelineName,
            codeUri);
    if (output == null) {
      System.out.print(template);
    } else {
      Files.writeString(output, template);
    }
    return 0;
  }
}
