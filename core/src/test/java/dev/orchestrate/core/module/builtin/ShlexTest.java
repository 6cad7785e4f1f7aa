package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ShlexTest {
  /** Each case as Python's shlex.split gives it. */
  static Stream<Arguments> lines() {
    return Stream.of(
        Arguments.of("echo hello  world", List.of("echo", "hello", "world")),
        Arguments.of("echo 'a b' \"c d\"", List.of("echo", "a b", "c d")),
        Arguments.of("a\"b c\"d", List.of("ab cd")),
        Arguments.of("\"say \\\"hi\\\"\"", List.of("say \"hi\"")),
        Arguments.of("\"keep\\n\\$HOME\"", List.of("keep\\n\\$HOME")),
        Arguments.of("'no \\escape'", List.of("no \\escape")),
        Arguments.of("a\\ b c", List.of("a b", "c")),
        Arguments.of("x '' y", List.of("x", "", "y")),
        Arguments.of("'it'\\''s'", List.of("it's")),
        Arguments.of("  \t\n ", List.of()),
        Arguments.of("grep -E '^(a|b)$' f.txt", List.of("grep", "-E", "^(a|b)$", "f.txt")));
  }

  @ParameterizedTest
  @MethodSource("lines")
  void splitsAsPythonShlexDoes(String line, List<String> words) {
    assertThat(Shlex.split(line)).isEqualTo(words);
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo 'open", "echo \"open", "trailing\\"})
  void refusesWhatShlexRefuses(String line) {
    assertThatThrownBy(() -> Shlex.split(line)).isInstanceOf(ModuleFailure.class)
        .hasMessageStartingWith("cannot split the command into words");
  }
}
