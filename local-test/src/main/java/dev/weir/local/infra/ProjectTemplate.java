package dev.weir.local.infra;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SAM template of a user's own project, generated from Weir's {@code infra/template.yaml}: the
 * same resources, roles, alarms and parameters, only deploying the project's jar with its pipeline
 * as the default. Generated rather than copied so the two cannot drift apart: a line this expects
 * and does not find in Weir's template fails the generation (and the quickstart's agreement test).
 */
public final class ProjectTemplate {
  static final String HEADER =
      "# Generated from Weir's infra/template.yaml by `./weir template`: regenerate it, do not edit.\n";

  private static final Pattern PIPELINE_CLASS =
      Pattern.compile("(  PipelineClass:\\n    Type: String\\n    Default: )\\S+\\n");
  private static final Pattern PIPELINE_NAME =
      Pattern.compile("(  PipelineName:\\n    Type: String\\n    Default: )\\S+\\n");
  private static final Pattern CODE_URI = Pattern.compile("(    CodeUri: )\\S+\\n");
  private static final String IN_FUNCTIONS_JAR = "in the functions jar.";

  private ProjectTemplate() {}

  /**
   * The template deploying {@code codeUri} (the project's shaded jar, relative to the template)
   * with {@code pipelineClass}, whose {@code name()} is {@code pipelineName}, as defaults.
   */
  public static String generate(
      String weirTemplate, String pipelineClass, String pipelineName, String codeUri) {
    String project = replaceOnce(weirTemplate, PIPELINE_CLASS, pipelineClass);
    project = replaceOnce(project, PIPELINE_NAME, pipelineName);
    project = replaceOnce(project, CODE_URI, codeUri);
    if (!project.contains(IN_FUNCTIONS_JAR)) {
      throw new IllegalStateException("Weir's template no longer says: " + IN_FUNCTIONS_JAR);
    }
    return HEADER + project.replace(IN_FUNCTIONS_JAR, "in the project's jar.");
  }

  private static String replaceOnce(String template, Pattern line, String value) {
    Matcher matcher = line.matcher(template);
    if (!matcher.find()) {
      throw new IllegalStateException("Weir's template has no line matching " + line.pattern());
    }
    String replaced =
        matcher.replaceFirst(Matcher.quoteReplacement(matcher.group(1) + value + "\n"));
    if (line.matcher(replaced).results().count() != 1) {
      throw new IllegalStateException(
          "Weir's template has several lines matching " + line.pattern());
    }
    return replaced;
  }
}
