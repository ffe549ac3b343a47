package dev.weir.bench.coldstart;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Starts {@link ColdStartProbe} in fresh JVMs and reads their one line. The classpath is what
 * Lambda has, the shaded jar, behind a small jar of the bench's own classes (a jar, not a
 * directory: class-data sharing archives classes from jars only). Every run gets its own key
 * prefix, so its first bundle writes new items.
 */
final class ProbeLauncher {
  /**
   * One cold start, in milliseconds since the JVM started (see {@link ColdStartProbe}); for Weir,
   * how long building its handler's parts took as its wiring logged them ({@code weir init:}, see
   * {@code AwsWiring}), -1 for a handler that logs none.
   */
  record Run(
      long total,
      long main,
      long init,
      long invoke,
      long warm,
      long cpu,
      long pipeline,
      long clients,
      long wiring) {}

  /** What Weir's wiring logs once built. */
  private static final String INIT_PREFIX = "weir init: ";

  private static final long TIMEOUT_SECONDS = 180;

  private final Path work;
  private final String classpath;
  private final Map<String, String> environment;
  private final PrintStream progress;
  private int runs;

  ProbeLauncher(
      Path work, String classpath, Map<String, String> environment, PrintStream progress) {
    this.work = work;
    this.classpath = classpath;
    this.environment = environment;
    this.progress = progress;
  }

  /** The probe's classes, then the shaded jar (then the CRaC API if the jar lacks it). */
  static String classpath(Path repoRoot, Path work) throws IOException {
    Path lambdaJar = repoRoot.resolve("functions/target/weir-functions-lambda.jar");
    if (!Files.isRegularFile(lambdaJar)) {
      throw new IllegalStateException("no shaded Lambda jar at " + lambdaJar + ": build it first");
    }
    List<String> entries =
        new ArrayList<>(List.of(probeJar(work).toString(), lambdaJar.toString()));
    try (JarFile jar = new JarFile(lambdaJar.toFile())) {
      if (jar.getEntry("org/crac/Core.class") == null) {
        entries.add(codeSource(org.crac.Core.class).toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Runs the probe with {@code args} (mode, then its arguments after the key prefix). */
  Run run(String label, List<String> args, List<String> flags, Map<String, String> extraEnvironment)
      throws IOException, InterruptedException {
    int run = ++runs;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), args.get(0)));
    command.add("r" + run + "-" + UUID.randomUUID().toString().substring(0, 6) + "-");
    command.addAll(args.subList(1, args.size()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("WEIR_AWS_ENDPOINT");
    env.remove("WEIR_PRIME_ON_INIT");
    env.putAll(environment);
    env.putAll(extraEnvironment);
    Path log = work.resolve("run-" + run + ".log");
    Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw failure("did not finish in " + TIMEOUT_SECONDS + " s", command, log);
    }
    List<String> lines = Files.readAllLines(log);
    Run parsed = parse(lines);
    if (process.exitValue() != 0 || parsed == null) {
      throw failure("exited with " + process.exitValue(), command, log);
    }
    lines.stream()
        .filter(l -> l.startsWith(ColdStartProbe.LINE_PREFIX))
        .findFirst()
        .ifPresent(line -> progress.println(label + ": " + line));
    return parsed;
  }

  /** The run a probe's output tells of; null if it printed no result line. */
  static Run parse(List<String> lines) {
    String line =
        lines.stream()
            .filter(l -> l.startsWith(ColdStartProbe.LINE_PREFIX))
            .findFirst()
            .orElse(null);
    if (line == null) {
      return null;
    }
    String init = lines.stream().filter(l -> l.startsWith(INIT_PREFIX)).findFirst().orElse(null);
    return new Run(
        value(line, "total"),
        value(line, "main"),
        value(line, "init"),
        value(line, "invoke"),
        value(line, "warm"),
        value(line, "cpu"),
        init == null ? -1 : value(init, "pipeline"),
        init == null ? -1 : value(init, "clients"),
        init == null ? -1 : value(init, "wiring"));
  }

  private static long value(String line, String name) {
    for (String part : line.split(" ")) {
      if (part.startsWith(name + "=")) {
        return Long.parseLong(part.substring(name.length() + 1));
      }
    }
    throw new IllegalStateException("no " + name + " in: " + line);
  }

  private static IllegalStateException failure(String what, List<String> command, Path log)
      throws IOException {
    List<String> lines = Files.readAllLines(log);
    String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    return new IllegalStateException(
        "cold-start probe " + what + ": " + String.join(" ", command) + "\n" + log + ":\n" + tail);
  }

  /** The bench's classes as a jar: the jar they came from, or one made from their directory. */
  private static Path probeJar(Path work) throws IOException {
    Path source = codeSource(ColdStartProbe.class);
    if (Files.isRegularFile(source)) {
      return source;
    }
    Path jar = work.resolve("probe.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
