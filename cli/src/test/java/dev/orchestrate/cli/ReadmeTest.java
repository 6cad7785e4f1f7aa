package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.shape.Field;
import dev.orchestrate.core.shape.ListShape;
import dev.orchestrate.core.shape.ObjectShape;
import dev.orchestrate.core.shape.Shape;
import dev.orchestrate.core.topology.TopologySchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps README.md true: its test command is the one CI runs, and it documents every key and exit code. */
class ReadmeTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void ciRunsTheReadmesTestCommand() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"));
    String ciCommand = ci.get(ci.size() - 1).strip();

    assertThat(ciCommand).startsWith("mvn ");
    assertThat(readme).contains("\n" + ciCommand + " ");
    assertThat(readme).contains("\n./orchestrate demo ");
  }

  @Test
  void documentsEveryKeyOfClusterYaml() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    List<String> keys = new ArrayList<>();
    collect(TopologySchema.ROOT, keys);

    assertThat(keys).hasSizeGreaterThan(40);
    for (String key : keys) {
      assertThat(readme).as("README names the key '%s'", key).containsPattern("[\\s{`]" + key + "[:`]");
    }
  }

  @Test
  void listsEveryExitCode() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (ExitCode code : ExitCode.values()) {
      assertThat(readme).contains("| " + code.code() + " |");
    }
  }

  private static void collect(Shape shape, List<String> keys) {
    if (shape instanceof ObjectShape object) {
      for (Field field : object.fields()) {
        keys.add(field.name());
        collect(field.shape(), keys);
      }
    } else if (shape instanceof ListShape list) {
      collect(list.items(), keys);
    }
  }
}
