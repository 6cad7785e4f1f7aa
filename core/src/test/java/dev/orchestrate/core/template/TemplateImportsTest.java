package dev.orchestrate.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Templates sit below modules: modules use templates (regular expressions, secret references),
 * so a template that used a module would make the two packages depend on each other.
 */
class TemplateImportsTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/orchestrate/core/template");

  @Test
  void noTemplateClassImportsAModuleClass() throws IOException {
    List<Path> files;
    try (Stream<Path> listed = Files.list(SOURCES)) {
      files = listed.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertThat(files).as("the template sources under %s", SOURCES.toAbsolutePath()).isNotEmpty();
    List<String> offending = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.matches("import (static )?dev\\.orchestrate\\.core\\.module\\b.*")) {
          offending.add(file.getFileName() + ":" + (i + 1) + ": " + line);
        }
      }
    }
    assertThat(offending).as("template imports from module; move what it needs to dev.orchestrate.core.value")
        .isEmpty();
  }
}
