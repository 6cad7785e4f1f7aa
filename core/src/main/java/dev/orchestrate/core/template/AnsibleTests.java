package dev.orchestrate.core.template;

import dev.orchestrate.core.value.Values;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Jinja tests Ansible adds or reads differently: defined and undefined (the only ones given an
 * {@link Undefined}), the registered-result tests (failed, succeeded, changed, skipped), match and
 * search with Python's regular expressions, and sequence, which strings and dicts pass as in Jinja.
 */
final class AnsibleTests {
  private AnsibleTests() {}

  static List<AnsibleTest> all() {
    return List.of(
        new AnsibleTest("defined", true, (value, arguments) -> !(value instanceof Undefined)),
        new AnsibleTest("undefined", true, (value, arguments) -> value instanceof Undefined),
        AnsibleTest.of("failed", (value, arguments) -> flag(result(value, "failed"), "failed")),
        AnsibleTest.of("succeeded", (value, arguments) -> !flag(result(value, "succeeded"), "failed")),
        AnsibleTest.of("success", (value, arguments) -> !flag(result(value, "success"), "failed")),
        AnsibleTest.of("changed", (value, arguments) -> changed(result(value, "changed"))),
        AnsibleTest.of("skipped", (value, arguments) -> skipped(result(value, "skipped"))),
        AnsibleTest.of("match", (value, arguments) -> matcher(value, arguments, "match").lookingAt()),
        AnsibleTest.of("search", (value, arguments) -> matcher(value, arguments, "search").find()),
        AnsibleTest.of("sequence", (value, arguments) -> value instanceof Collection<?> || value instanceof Map<?, ?>
            || value instanceof CharSequence || value != null && value.getClass().isArray()));
  }

  private static Map<?, ?> result(Object value, String test) {
    if (value instanceof Map<?, ?> result) {
      return result;
    }
    throw new TemplateFault(
        "the '" + test + "' test expects a registered result (a dict), not " + Undefined.typeName(value));
  }

  private static boolean flag(Map<?, ?> result, String key) {
    return Values.truthy(result.get(key));
  }

  /** A loop's registered result changed when any of its items did, as in Ansible. */
  private static boolean changed(Map<?, ?> result) {
    if (!result.containsKey("changed") && result.get("results") instanceof List<?> items) {
      return items.stream().anyMatch(item -> item instanceof Map<?, ?> each && flag(each, "changed"));
    }
    return flag(result, "changed");
  }

  /** A loop's registered result was skipped when all of its items were, as in Ansible. */
  private static boolean skipped(Map<?, ?> result) {
    if (!result.containsKey("skipped") && result.get("results") instanceof List<?> items && !items.isEmpty()) {
      return items.stream().allMatch(item -> item instanceof Map<?, ?> each && flag(each, "skipped"));
    }
    return flag(result, "skipped");
  }

  /** Python's re.match (anchored at the start) and re.search (anywhere) differ in how the matcher is used. */
  private static Matcher matcher(Object value, Arguments arguments, String test) {
    if (arguments.positional().isEmpty()) {
      throw new TemplateFault("the '" + test + "' test needs a regular expression: x is " + test + "('^confluence')");
    }
    PythonRegex pattern = AnsibleFilters.regex(String.valueOf(arguments.positional().get(0)),
        arguments.flag(1, "ignorecase"), arguments.flag(2, "multiline"));
    return pattern.matcher(AnsibleFilters.text(value));
  }
}
