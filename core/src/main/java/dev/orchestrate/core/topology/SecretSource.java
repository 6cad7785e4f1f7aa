package dev.orchestrate.core.topology;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a secret comes from: an environment variable or a file on the machine that runs
 * orchestrate. cluster.yaml names the source, never the value, and the value is read only when a
 * task needs it.
 */
public sealed interface SecretSource {

  /** Reads the secret now; fails with exit code 4 when it is missing or empty. */
  Secret read(Environment environment);

  /** Where the secret comes from, for messages: never the secret itself. */
  String describe();

  /** A secret in the environment variable {@code name}. */
  record FromEnvironment(String name) implements SecretSource {
    @Override
    public Secret read(Environment environment) {
      String value = environment.variable(name).orElse("");
      if (value.isEmpty()) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT,
            "the environment variable " + name + " is not set (or empty); export it before running orchestrate");
      }
      return new Secret(value);
    }

    @Override
    public String describe() {
      return "environment variable " + name;
    }
  }

  /**
   * A secret in a file, read as UTF-8; line breaks at its end are dropped, since most editors
   * add one.
   */
  record FromFile(Path file) implements SecretSource {
    @Override
    public Secret read(Environment environment) {
      try {
        String value = Files.readString(file, StandardCharsets.UTF_8).replaceFirst("[\\r\\n]+$", "");
        if (value.isEmpty()) {
          throw new OrchestrateException(ExitCode.INVALID_INPUT, "the file " + file + " is empty");
        }
        return new Secret(value);
      } catch (IOException e) {
        throw new OrchestrateException(ExitCode.INVALID_INPUT, "cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String describe() {
      return "file " + file;
    }
  }
}
