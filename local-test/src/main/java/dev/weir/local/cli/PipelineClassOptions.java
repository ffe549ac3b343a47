package dev.weir.local.cli;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --pipeline CLASS [--classpath JARS]}: a {@code PipelineProvider} from this repository or a
 * user's own jar (e.g. the quickstart's {@code target/*.jar}), made loadable for the stack's
 * functions (the context class loader of every thread the command starts).
 */
final class PipelineClassOptions {
  @Option(
      names = "--pipeline",
      required = true,
      paramLabel = "CLASS",
      description = "the PipelineProvider to run, e.g. com.example.quickstart.PageViewsPipeline")
  String pipelineClass;

  @Option(
      names = "--classpath",
      paramLabel = "JARS",
      description = "jars or class directories holding it, separated by the path separator (:)")
  String classpath;

  /** Makes the pipeline class loadable, or explains on the command line why it is not. */
  void install(CommandSpec spec) {
    List<URL> urls = new ArrayList<>();
    if (classpath != null) {
      for (String entry : classpath.split(File.pathSeparator)) {
        Path path = CallerPaths.resolve(entry);
        if (!Files.exists(path)) {
          throw new ParameterException(
              spec.commandLine(), "--classpath names " + entry + ", which does not exist");
        }
        try {
          urls.add(path.toUri().toURL());
        } catch (MalformedURLException e) {
          throw new ParameterException(spec.commandLine(), "--classpath: " + e.getMessage());
        }
      }
    }
    ClassLoader loader =
        urls.isEmpty()
            ? PipelineClassOptions.class.getClassLoader()
            : new URLClassLoader(
                urls.toArray(URL[]::new), PipelineClassOptions.class.getClassLoader());
    try {
      Class.forName(pipelineClass, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ParameterException(
          spec.commandLine(),
          "--pipeline names "
              + pipelineClass
              + ", which is not on the classpath"
              + (classpath == null ? " (add its jar with --classpath)" : " " + classpath));
    }
    Thread.currentThread().setContextClassLoader(loader);
  }
}
