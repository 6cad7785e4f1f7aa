package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.orchestrate.core.transport.Shell;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The filters whose Ansible behaviour Jinjava lacks or differs from: registered over Jinjava's
 * own, so that {@code sort(attribute='name')}, {@code int(base=16)} and {@code join} of booleans
 * read as under Ansible. Jinjava's remaining filters (upper, lower, replace, trim, length, unique,
 * union, select, selectattr, b64encode, ...) already do.
 */
final class AnsibleFilters {
  private static final List<String> TRUE_WORDS = List.of("yes", "on", "1", "true");
  private static final Pattern PREFIXED_INTEGER = Pattern.compile("([+-]?)0[xXoObB](\\w+)");

  private AnsibleFilters() {}

  static List<AnsibleFilter> all() {
    return Stream.of(valueFilters(), CollectionFilters.all())
        .flatMap(List::stream)
        .toList();
  }

  private static List<AnsibleFilter> valueFilters() {
    return List.of(
        new AnsibleFilter("default", true, AnsibleFilters::defaultValue),
        new AnsibleFilter("d", true, AnsibleFilters::defaultValue),
        new AnsibleFilter("mandatory", true, AnsibleFilters::mandatory),
        AnsibleFilter.of("bool", (value, arguments, interpreter) -> bool(value)),
        AnsibleFilter.of("int", AnsibleFilters::integer),
        AnsibleFilter.of("string", (value, arguments, interpreter) -> PythonText.str(value)),
        AnsibleFilter.of("ternary", AnsibleFilters::ternary),
        AnsibleFilter.of("regex_replace", AnsibleFilters::regexReplace),
        AnsibleFilter.of("regex_search", AnsibleFilters::regexSearch),
        AnsibleFilter.of("regex_findall", AnsibleFilters::regexFindAll),
        AnsibleFilter.of("to_json", (value, arguments, interpreter) -> PythonJson.write(value)),
        AnsibleFilter.of("from_json", (value, arguments, interpreter) -> PythonJson.read(text(value))),
        AnsibleFilter.of("basename", (value, arguments, interpreter) -> basename(text(value))),
        AnsibleFilter.of("dirname", (value, arguments, interpreter) -> dirname(text(value))),
        AnsibleFilter.of("quote", (value, arguments, interpreter) -> Shell.quote(text(value))));
  }

  /** Jinja's default: for an undefined value, or with {@code true} also for a false one (None, "", 0, []). */
  private static Object defaultValue(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    if (value instanceof Undefined || arguments.flag(1, "boolean") && !PythonTruth.of(value)) {
      return arguments.get(0, "default_value", "");
    }
    return value;
  }

  private static Object mandatory(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    if (value instanceof Undefined undefined) {
      String message = arguments.string(0, "msg", null);
      throw new TemplateFault(message != null ? message : "mandatory variable not defined: " + undefined.message());
    }
    return value;
  }

  /** Ansible's bool (2.14): none stays none; "yes", "on", "1", "true" in any case and the number 1 are true; all else false. */
  private static Boolean bool(Object value) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number number) {
      return number.doubleValue() == 1;
    }
    return value instanceof String text && TRUE_WORDS.contains(text.toLowerCase(Locale.ROOT));
  }

  /** Jinja's int: the number, or {@code default} (0) when the value is none; a float's whole part. */
  private static Object integer(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    Object fallback = arguments.get(0, "default", 0L);
    int base = ((Number) arguments.get(1, "base", 10L)).intValue();
    if (value instanceof Boolean bool) {
      return bool ? 1L : 0L;
    }
    if (value instanceof Number number) {
      return NativeValues.number(number) instanceof Long whole ? whole : (Object) (long) number.doubleValue();
    }
    String text = value == null ? "" : value.toString().strip().replace("_", "");
    try {
      Matcher prefixed = PREFIXED_INTEGER.matcher(text);
      if (base != 10 && prefixed.matches()) {
        return Long.parseLong(prefixed.group(1) + prefixed.group(2), base);
      }
      return Long.parseLong(text, base);
    } catch (NumberFormatException notWhole) {
      if (base != 10) {
        return fallback;
      }
      try {
        return (long) Double.parseDouble(text);
      } catch (NumberFormatException notNumber) {
        return fallback;
      }
    }
  }

  private static Object ternary(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    Object whenNone = arguments.get(2, "none_val", null);
    if (value == null && whenNone != null) {
      return whenNone;
    }
    return PythonTruth.of(value) ? arguments.get(0, "true_val", null) : arguments.get(1, "false_val", null);
  }

  private static Object regexReplace(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    PythonRegex pattern = regex(arguments.string(0, "pattern", ""), arguments.flag(3, "ignorecase"),
        arguments.flag(4, "multiline"));
    int count = ((Number) arguments.get(5, "count", 0L)).intValue();
    try {
      return pattern.replace(text(value), arguments.string(1, "replacement", ""), count);
    } catch (PythonRegex.Invalid e) {
      throw new TemplateFault(e.getMessage());
    }
  }

  /**
   * Ansible's regex_search: the first match, or None; given group references ({@code '\\1'},
   * {@code '\\g<name>'}), the list of those groups.
   */
  private static Object regexSearch(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    if (arguments.positional().isEmpty()) {
      throw new TemplateFault("regex_search needs a regular expression: regex_search('^v(\\d+)', '\\1')");
    }
    PythonRegex pattern = regex(String.valueOf(arguments.positional().get(0)),
        PythonTruth.of(arguments.keyword("ignorecase", false)), PythonTruth.of(arguments.keyword("multiline", false)));
    Matcher match = pattern.matcher(text(value));
    if (!match.find()) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    try {
      arguments.from(1).forEach(reference -> groups.add(pattern.group(match, String.valueOf(reference))));
    } catch (PythonRegex.Invalid e) {
      throw new TemplateFault(e.getMessage());
    }
    return arguments.from(1).isEmpty() ? match.group() : groups;
  }

  /**
   * Ansible's regex_findall, Python's {@code re.findall}: every match's text; with one group, that
   * group's text; with more, a list of the groups' texts per match.
   */
  private static Object regexFindAll(Object value, Arguments arguments, JinjavaInterpreter interpreter) {
    PythonRegex pattern = regex(arguments.string(0, "regex", ""), arguments.flag(1, "ignorecase"),
        arguments.flag(2, "multiline"));
    Matcher match = pattern.matcher(text(value));
    List<Object> found = new ArrayList<>();
    while (match.find()) {
      List<String> groups = PythonRegex.groups(match).stream().map(group -> group == null ? "" : group).toList();
      found.add(groups.isEmpty() ? match.group() : groups.size() == 1 ? groups.get(0) : groups);
    }
    return found;
  }

  /** A Python regular expression of a filter or test, as Python's {@code re} reads a text pattern. */
  static PythonRegex regex(String regex, boolean ignoreCase, boolean multiline) {
    int flags = Pattern.UNICODE_CHARACTER_CLASS | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
        | (multiline ? Pattern.MULTILINE : 0);
    try {
      return PythonRegex.compile(regex, flags);
    } catch (PythonRegex.Invalid e) {
      throw new TemplateFault(e.getMessage());
    }
  }

  /** POSIX basename: what follows the last slash, empty for a path ending in one. */
  private static String basename(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** POSIX dirname: what precedes the last slash, without trailing slashes unless it is only slashes. */
  private static String dirname(String path) {
    String head = path.substring(0, path.lastIndexOf('/') + 1);
    String trimmed = head.replaceAll("/+$", "");
    return trimmed.isEmpty() ? head : trimmed;
  }

  /** A value as text for the filters and tests that read text: None as nothing, else Python's str(). */
  static String text(Object value) {
    return value == null ? "" : PythonText.str(value);
  }
}
