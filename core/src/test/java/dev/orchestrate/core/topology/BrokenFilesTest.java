package dev.orchestrate.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.diagnostic.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code topology/broken} states, in comments at its end, each diagnostic it
 * must produce ({@code # expect: LINE:COLUMN SEVERITY TEXT}); the loader must report exactly
 * those, no more and no fewer, all in one run.
 */
class BrokenFilesTest {
  static final Path BROKEN = Path.of("src/test/resources/topology/broken");
  private static final Pattern EXPECT = Pattern.compile("^# expect: (\\d+):(\\d+) (error|warning) (.+)$");

  /** The expectations of one corpus file. */
  record Expected(SourcePosition position, String severity, String text) {
    boolean matches(Diagnostic diagnostic) {
      return diagnostic.position().equals(position)
          && diagnostic.severity().label().equals(severity)
          && (diagnostic.message() + diagnostic.hint().map(h -> " (" + h + ")").orElse("")).contains(text);
    }

    @Override
    public String toString() {
      return position + " " + severity + " " + text;
    }
  }

  static Stream<Path> brokenFiles() throws IOException {
    try (Stream<Path> files = Files.list(BROKEN)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void reportsExactlyTheExpectedProblems(Path file) throws IOException {
    List<Expected> expected = expectations(file);
    assertThat(expected).as("a broken file states what it expects").isNotEmpty();

    TopologyLoader.Result result = TopologyLoader.create(TestEnvironment.withSecrets()).load(file);

    assertThat(result.isValid()).as("a broken file is invalid").isFalse();
    List<Diagnostic> unmatched = new ArrayList<>(result.diagnostics());
    for (Expected e : expected) {
      Diagnostic match = unmatched.stream().filter(e::matches).findFirst().orElse(null);
      assertThat(match).as("expected %s in %s", e, result.diagnostics()).isNotNull();
      unmatched.remove(match);
    }
    assertThat(unmatched).as("diagnostics nobody expected").isEmpty();
    assertThat(result.diagnostics()).allSatisfy(d -> assertThat(d.file()).isEqualTo(file.toString()));
  }

  static List<Expected> expectations(Path file) throws IOException {
    List<Expected> expected = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      Matcher m = EXPECT.matcher(line);
      if (m.matches()) {
        expected.add(new Expected(new SourcePosition(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))),
            m.group(3), m.group(4)));
      }
    }
    return expected;
  }
}
