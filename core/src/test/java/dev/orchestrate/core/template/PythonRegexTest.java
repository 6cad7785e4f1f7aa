package dev.orchestrate.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one translation of Python's regular expressions, shared by the modules (lineinfile,
 * replace, wait_for) and the templates (regex_replace, regex_search, regex_findall, match,
 * search); each expected value is what Python 3's {@code re} answers.
 */
class PythonRegexTest {
  static Stream<Arguments> substitutions() {
    return Stream.of(
        arguments("(?P<name_with_underscore>\\w+)=(\\d+)", "port=8090", "\\g<name_with_underscore>:\\2", "port:8090"),
        arguments("(?P<a1>x)(?P=a1)", "xx-x", "[\\g<a1>]", "[x]-x"),
        arguments("(?P<_under>a)(?P=_under)", "aab", "\\g<1>!", "a!b"),
        arguments("a{,2}", "aaaa", "x", "xxx"),
        arguments("{x}", "{x}", "y", "y"),
        arguments("[[]", "a[b", "-", "a-b"),
        arguments("b\\Z", "ab\nb", "c", "ab\nc"),
        arguments("^\\w+$", "one\ntwo", "w", "one\ntwo"),
        arguments("(x)?y", "y", "[\\1]", "[]"),
        arguments("a", "a", "\\n\\t\\\\", "\n\t\\"),
        arguments("a", "a", "$1", "$1"));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("substitutions")
  void substitutesAsPythonsReSub(String regex, String text, String replacement, String expected) {
    assertThat(PythonRegex.compile(regex, 0).replace(text, replacement, 0)).isEqualTo(expected);
  }

  @Test
  void aCountLimitsTheReplacements() {
    assertThat(PythonRegex.compile("a", 0).replace("aaa", "b", 2)).isEqualTo("bba");
  }

  @Test
  void namedGroupsKeepTheirPythonNames() {
    PythonRegex regex = PythonRegex.compile("(?P<major_version>\\d+)\\.(?P<minor>\\d+)", 0);
    Matcher match = regex.matcher("v8.5");

    assertThat(match.find()).isTrue();
    assertThat(regex.groupDict(match)).isEqualTo(Map.of("major_version", "8", "minor", "5"));
    assertThat(PythonRegex.groups(match)).isEqualTo(List.of("8", "5"));
    assertThat(regex.group(match, "\\g<major_version>")).isEqualTo("8");
    assertThat(regex.group(match, "\\2")).isEqualTo("5");
    assertThat(regex.expand(match, "\\g<minor>.\\g<major_version>")).isEqualTo("5.8");
  }

  @Test
  void aGroupThatIsNotThereIsNamed() {
    PythonRegex regex = PythonRegex.compile("(a)", 0);
    Matcher match = regex.matcher("a");
    assertThat(match.find()).isTrue();

    assertThatThrownBy(() -> regex.group(match, "\\2"))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessage("no group \\2 in the regular expression '(a)'");
    assertThatThrownBy(() -> regex.group(match, "\\g<b>"))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessage("no group \\g<b> in the regular expression '(a)'");
    assertThatThrownBy(() -> regex.expand(match, "\\q"))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessageContaining("bad escape \\q");
  }

  @Test
  void whatPythonRefusesIsRefusedWithItsReason() {
    assertThatThrownBy(() -> PythonRegex.compile("(", 0))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessageStartingWith("bad regular expression '('");
    assertThatThrownBy(() -> PythonRegex.compile("(?P=nobody)", 0))
        .isInstanceOf(PythonRegex.Invalid.class).hasMessageContaining("unknown group name 'nobody'");
  }
}
