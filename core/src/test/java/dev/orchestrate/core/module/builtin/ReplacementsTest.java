package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.template.PythonRegex;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** replace's rules, with Python's regular expressions and replacement templates. */
class ReplacementsTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("Ansible's hosts example", "127.0.0.1 old.host.name  alias\n10.0.0.1   old.host.name\n",
            "(\\s+)old\\.host\\.name(\\s+.*)?$", "\\1new.host.name\\2", null, null,
            "127.0.0.1 new.host.name  alias\n10.0.0.1   new.host.name\n", 2),
        Arguments.of("^ and $ hold at every line", "a=1\nb=2\n", "^(\\w)=\\d$", "\\1=0", null, null, "a=0\nb=0\n", 2),
        Arguments.of("\\g<name> and (?P<name>)", "key: value\n", "(?P<k>\\w+): (?P<v>\\w+)", "\\g<v>: \\g<k>",
            null, null,
            "value: key\n", 1),
        Arguments.of("\\g<0> is the whole match", "x", "x", "[\\g<0>]", null, null, "[x]", 1),
        Arguments.of("only after 'after'", "a\n# begin\na\n", "^a$", "b", "# begin", null, "a\n# begin\nb\n", 1),
        Arguments.of("only before 'before'", "a\n# end\na\n", "^a$", "b", null, "# end", "b\n# end\na\n", 1),
        Arguments.of("between after and before", "a\n<x>\na\n</x>\na\n", "^a$", "b", "<x>", "</x>",
            "a\n<x>\nb\n</x>\na\n", 1),
        Arguments.of("\\w is Unicode, as in Python 3", "café au lait\n", "\\w+", "w", null, null, "w w w\n", 3),
        Arguments.of("an unmatched group is empty", "ab\n", "a(x)?b", "[\\1]", null, null, "[]\n", 1),
        Arguments.of("a literal $ in the replacement", "cost\n", "cost", "$5", null, null, "$5\n", 1),
        Arguments.of("\\Z is the very end", "a\na", "a\\Z", "z", null, null, "a\nz", 1),
        Arguments.of("{,2} is at most two, and the empty match at the end counts", "aaaa", "a{,2}", "x", null, null,
            "xxx", 3));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void replaces(String description, String contents, String regexp, String replacement, String after, String before,
      String expected, int count) {
    Replacements.Result result = Replacements.apply(contents, regexp, replacement, Optional.ofNullable(after),
        Optional.ofNullable(before), UnaryOperator.identity());

    assertThat(result.text()).isEqualTo(expected);
    assertThat(result.count()).isEqualTo(count);
  }

  private static Replacements.Result apply(String contents, String regexp, String replacement) {
    return Replacements.apply(contents, regexp, replacement, Optional.empty(), Optional.empty(),
        UnaryOperator.identity());
  }

  @Test
  void aSectionThatIsNotThereChangesNothingAndSaysSo() {
    Replacements.Result result =
        Replacements.apply("a\n", "a", "b", Optional.of("nowhere"), Optional.empty(), UnaryOperator.identity());

    assertThat(result.text()).isEqualTo("a\n");
    assertThat(result.missedSection()).contains("Pattern for before/after params did not match the given file: "
        + "nowhere(?P<subsection>.*)");
  }

  @Test
  void aReferenceToAGroupThatDoesNotExistFails() {
    assertThatThrownBy(() -> apply("a", "(a)", "\\2"))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessageContaining("invalid group reference 2");
  }

  @Test
  void anUnknownLetterEscapeFailsAsInPython() {
    assertThatThrownBy(() -> apply("a", "a", "\\q"))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessageContaining("bad escape \\q");
  }

  @Test
  void aBadRegularExpressionIsNamed() {
    assertThatThrownBy(() -> apply("a", "(", "b"))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessageStartingWith("bad regular expression '('");
  }

  @Test
  void pythonClassesWithBracketsAndBracesTranslate() {
    assertThat(apply("[x]{y}", "[[]x[]]", "-").text()).isEqualTo("-{y}");
    assertThat(apply("[x]{y}", "{y}", "-").text()).isEqualTo("[x]-");
  }

  @Test
  void secretsArePutInAfterTheTemplateIsExpandedSoTheirBackslashesStay() {
    Replacements.Result result = Replacements.apply("password=old\n", "^(password)=.*$", "\\1=((secret:x))",
        Optional.empty(), Optional.empty(), text -> text.replace("((secret:x))", "a\\1b"));

    assertThat(result.text()).isEqualTo("password=a\\1b\n");
  }
}
