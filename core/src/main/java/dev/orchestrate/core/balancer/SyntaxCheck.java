package dev.orchestrate.core.balancer;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A server's own syntax check of a configuration file ({@code nginx -t -c FILE} and the like), run
 * on this machine by the first of {@link #programs} that is installed. The check reads every file
 * the configuration names — certificates, modules, log directories — so it passes only where the
 * configuration could run: on the balancer's host, as the user that starts the server.
 *
 * @param programs the server's program names, the most likely first ({@code apache2}, then {@code httpd})
 * @param options what comes before the file's path
 */
public record SyntaxCheck(List<String> programs, List<String> options) {
  /** Folders searched after PATH: servers live in sbin, which a user's PATH often lacks. */
  private static final List<String> SBIN = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");
  private static final long TIMEOUT_SECONDS = 60;

  public SyntaxCheck {
    programs = List.copyOf(programs);
    options = List.copyOf(options);
  }

  /** What a check found: passed or failed with the server's words, or no server to ask. */
  public record Outcome(Status status, String program, String output) {
    public Outcome {
      requireNonNull(status, "status");
      requireNonNull(program, "program");
      requireNonNull(output, "output");
    }
  }

  public enum Status { PASSED, FAILED, NOT_INSTALLED }

  /** Checks {@code file} (made absolute: nginx reads a relative one from its own prefix). */
  public Outcome run(Path file) {
    Optional<Path> program = installed();
    if (program.isEmpty()) {
      return new Outcome(Status.NOT_INSTALLED, String.join(" or ", programs), "");
    }
    List<String> command = new ArrayList<>();
    command.add(program.get().toString());
    command.addAll(options);
    command.add(file.toAbsolutePath().toString());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(
          ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Outcome(Status.FAILED, String.join(" ", command), output + "(no answer within "
            + TIMEOUT_SECONDS + " s)\n");
      }
      return new Outcome(process.exitValue() == 0 ? Status.PASSED : Status.FAILED, String.join(" ", command), output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + command.get(0) + " checked " + file, e);
    }
  }

  /** The first of the programs found on PATH or in an sbin folder. */
  public Optional<Path> installed() {
    Set<String> folders = new LinkedHashSet<>();
    for (String folder : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
      if (!folder.isEmpty()) {
        folders.add(folder);
      }
    }
    folders.addAll(SBIN);
    for (String name : programs) {
      for (String folder : folders) {
        Path candidate = Path.of(folder, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
