package dev.weir.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code weir} script at the repository root, run from another directory: it starts the JVM in
 * the repository (the build and the classpath are relative to it) and tells it where it was called
 * from. Run as a copy in a fake repository that looks built, with a {@code java} on the PATH that
 * prints where it runs and its arguments, so neither Maven nor a JVM starts.
 */
class LauncherTest {
  private static final Path SCRIPT = Path.of("..", "weir");

  @Test
  void theLauncherPassesTheCallersDirectoryAndRunsJavaInTheRepository(@TempDir Path dir)
      throws Exception {
    Path repo = Files.createDirectories(dir.resolve("repo"));
    Path weir = Files.copy(SCRIPT, repo.resolve("weir"), StandardCopyOption.COPY_ATTRIBUTES);
    assertThat(weir.toFile().setExecutable(true)).isTrue();
    for (String module :
        List.of("runtime-lib", "testing", "functions", "local-test", "infra", "bench/target")) {
      Files.createDirectories(repo.resolve(module));
    }
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Path main = repo.resolve("bench/target/classes/dev/weir/bench/cli/WeirMain.class");
    Files.createDirectories(main.getParent());
    Files.write(main, new byte[0]);
    // Written last: nothing is newer than the classpath file, so the script builds nothing.
    Files.writeString(repo.resolve("bench/target/weir.classpath"), "deps.jar");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java =
        Files.writeString(bin.resolve("java"), "#!/bin/sh\nprintf '%s\\n' \"$PWD\" \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Path caller = Files.createDirectories(dir.resolve("caller"));

    ProcessBuilder builder =
        new ProcessBuilder(weir.toString(), "run", "--input", "events.jsonl")
            .directory(caller.toFile())
            .redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    List<String> printed = run(builder);

    assertThat(printed.get(0)).as("where java runs").isEqualTo(repo.toRealPath().toString());
    assertThat(printed)
        .contains("-Dweir.root=" + repo.toRealPath(), "-Dweir.callerDir=" + caller.toRealPath())
        .endsWith("dev.weir.bench.cli.WeirMain", "run", "--input", "events.jsonl");
  }

  private static List<String> run(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }
}
