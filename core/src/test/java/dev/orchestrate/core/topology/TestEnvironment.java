package dev.orchestrate.core.topology;

import java.nio.file.Path;
import java.util.Map;

/** A fixed environment for tests: the secrets the test files name are set, and {@code ~} is a folder of the tests. */
final class TestEnvironment {
  static final Path HOME = Path.of("src/test/resources/topology/home").toAbsolutePath();

  private TestEnvironment() {}

  static Environment withSecrets() {
    return new Environment(Map.of("CONFLUENCE_LICENSE", "test-license", "CONFLUENCE_DB_PASSWORD", "test-password"),
        HOME, "tester");
  }

  static Environment empty() {
    return new Environment(Map.of(), HOME, "tester");
  }
}
