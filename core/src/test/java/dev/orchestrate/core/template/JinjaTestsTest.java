package dev.orchestrate.core.template;

import static dev.orchestrate.core.template.Play.evaluate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code is} tests playbooks use, on the play's variables. */
class JinjaTestsTest {
  static Stream<Arguments> tests() {
    return Stream.of(
        arguments("name is defined", true),
        arguments("missing is defined", false),
        arguments("missing is undefined", true),
        arguments("result.stdout is defined", true),
        arguments("result.nope is undefined", true),
        arguments("nothing is none", true),
        arguments("name is none", false),
        arguments("failure is failed", true),
        arguments("result is failed", false),
        arguments("result is succeeded", true),
        arguments("failure is succeeded", false),
        arguments("result is success", true),
        arguments("result is changed", true),
        arguments("failure is changed", false),
        arguments("skip is skipped", true),
        arguments("result is skipped", false),
        arguments("{'results': [{'changed': false}, {'changed': true}]} is changed", true),
        arguments("{'results': [{'changed': false}]} is changed", false),
        arguments("{'results': [{'skipped': true}, {'skipped': true}]} is skipped", true),
        arguments("{'results': [{'skipped': true}, {'rc': 0}]} is skipped", false),
        arguments("{'failed': 'yes'} is failed", true),
        arguments("{} is failed", false),
        arguments("failure is not failed", false),
        arguments("name is string", true),
        arguments("count is string", false),
        arguments("count is number", true),
        arguments("ratio is number", true),
        arguments("name is number", false),
        arguments("settings is mapping", true),
        arguments("numbers is mapping", false),
        arguments("numbers is sequence", true),
        arguments("name is sequence", true),
        arguments("count is sequence", false),
        arguments("'node1' is in groups.confluence", true),
        arguments("'node3' is in groups.confluence", false),
        arguments("name is match('conf')", true),
        arguments("name is match('fluence')", false),
        arguments("name is search('fluence')", true),
        arguments("name is search('^fluence')", false),
        arguments("'CONFLUENCE' is match('conf', true)", true),
        arguments("'CONFLUENCE' is match('conf', ignorecase=true)", true),
        arguments("'CONFLUENCE' is match('conf')", false),
        arguments("result.stdout is search('^ready', multiline=true)", true),
        arguments("result.stdout is search('^ready')", false),
        arguments("count is equalto 3", true),
        arguments("count is equalto(4)", false));
  }

  @ParameterizedTest
  @MethodSource("tests")
  void aTestAnswersAsAnsibles(String expression, boolean expected) {
    assertThat(evaluate(expression)).isEqualTo(expected);
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        arguments("missing is failed", "'missing' is undefined"),
        arguments("missing is string", "'missing' is undefined"),
        arguments("numbers is failed", "the 'failed' test expects a registered result (a dict), not list object"),
        arguments("name is succeeded", "the 'succeeded' test expects a registered result (a dict), not str object"),
        arguments("name is match", "the 'match' test needs a regular expression: x is match('^confluence')"),
        arguments("name is nosuch", "no test named 'nosuch'"));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void aTestGivenWhatItCannotUseSaysWhy(String expression, String reason) {
    assertThatThrownBy(() -> evaluate(expression))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
