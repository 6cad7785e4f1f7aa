package dev.orchestrate.core.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Python string and dict methods Ansible users write in templates ({@code 'a,b'.split(',')},
 * {@code name.startswith('x')}, {@code result.items()}), which Java's own methods either lack or
 * answer differently (Java's {@code split} takes a regular expression and returns an array).
 */
final class PythonMethods {
  /** Returned when the call is not one of these methods, so Jinjava's own resolution goes on. */
  static final Object NOT_A_METHOD = new Object();

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private PythonMethods() {}

  static Object invoke(Object base, String method, Object[] arguments) {
    if (base instanceof String text) {
      return string(text, method, arguments);
    }
    if (base instanceof Map<?, ?> map) {
      return dict(map, method, arguments);
    }
    return NOT_A_METHOD;
  }

  private static Object string(String text, String method, Object[] arguments) {
    int count = arguments.length;
    return switch (method) {
      case "upper" -> count == 0 ? text.toUpperCase(Locale.ROOT) : NOT_A_METHOD;
      case "lower" -> count == 0 ? text.toLowerCase(Locale.ROOT) : NOT_A_METHOD;
      case "capitalize" -> count == 0 ? capitalize(text) : NOT_A_METHOD;
      case "strip" -> count <= 1 ? strip(text, characters(arguments)) : NOT_A_METHOD;
      case "lstrip" -> count <= 1 ? stripStart(text, characters(arguments)) : NOT_A_METHOD;
      case "rstrip" -> count <= 1 ? stripEnd(text, characters(arguments)) : NOT_A_METHOD;
      case "startswith" -> count == 1 ? affix(arguments[0]).stream().anyMatch(text::startsWith) : NOT_A_METHOD;
      case "endswith" -> count == 1 ? affix(arguments[0]).stream().anyMatch(text::endsWith) : NOT_A_METHOD;
      case "split" -> count <= 2 ? split(text, arguments) : NOT_A_METHOD;
      case "splitlines" -> count == 0 ? List.copyOf(text.lines().toList()) : NOT_A_METHOD;
      case "replace" -> count == 2
          ? text.replace(String.valueOf(arguments[0]), String.valueOf(arguments[1]))
          : NOT_A_METHOD;
      case "join" -> count == 1 && arguments[0] instanceof Collection<?> items
          ? items.stream().map(String::valueOf).collect(Collectors.joining(text))
          : NOT_A_METHOD;
      case "find" -> count == 1 ? (Object) text.indexOf(String.valueOf(arguments[0])) : NOT_A_METHOD;
      case "isdigit" -> count == 0 ? !text.isEmpty() && text.chars().allMatch(Character::isDigit) : NOT_A_METHOD;
      default -> NOT_A_METHOD;
    };
  }

  private static Object dict(Map<?, ?> map, String method, Object[] arguments) {
    int count = arguments.length;
    return switch (method) {
      case "get" -> count == 1 || count == 2
          ? map.containsKey(arguments[0]) ? map.get(arguments[0]) : count == 2 ? arguments[1] : null
          : NOT_A_METHOD;
      case "keys" -> count == 0 ? List.copyOf(map.keySet()) : NOT_A_METHOD;
      case "values" -> count == 0 ? new ArrayList<Object>(map.values()) : NOT_A_METHOD;
      case "items" -> count == 0 ? items(map) : NOT_A_METHOD;
      default -> NOT_A_METHOD;
    };
  }

  /** Python's pairs, as two-element lists, so that {@code for key, value in d.items()} unpacks them. */
  private static List<Object> items(Map<?, ?> map) {
    List<Object> pairs = new ArrayList<>(map.size());
    map.forEach((key, value) -> pairs.add(Arrays.asList(key, value)));
    return pairs;
  }

  /** Python's split: on whitespace runs without a separator, else on the literal separator, at most maxsplit times. */
  private static List<String> split(String text, Object[] arguments) {
    Object separator = arguments.length > 0 ? arguments[0] : null;
    int limit = arguments.length > 1 ? ((Number) arguments[1]).intValue() + 1 : 0;
    if (separator == null) {
      String stripped = text.strip();
      return stripped.isEmpty() ? List.of() : List.of(WHITESPACE.split(stripped, limit));
    }
    String literal = String.valueOf(separator);
    if (literal.isEmpty()) {
      throw new TemplateFault("split: empty separator");
    }
    return List.of(text.split(Pattern.quote(literal), limit < 1 ? -1 : limit));
  }

  private static List<String> affix(Object argument) {
    if (argument instanceof Collection<?> choices) {
      return choices.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(argument));
  }

  /** The characters strip removes: whitespace when none are given. */
  private static String characters(Object[] arguments) {
    return arguments.length == 0 || arguments[0] == null ? null : String.valueOf(arguments[0]);
  }

  private static String strip(String text, String characters) {
    return stripEnd(stripStart(text, characters), characters);
  }

  private static String stripStart(String text, String characters) {
    int start = 0;
    while (start < text.length() && strips(text.charAt(start), characters)) {
      start++;
    }
    return text.substring(start);
  }

  private static String stripEnd(String text, String characters) {
    int end = text.length();
    while (end > 0 && strips(text.charAt(end - 1), characters)) {
      end--;
    }
    return text.substring(0, end);
  }

  private static boolean strips(char c, String characters) {
    return characters == null ? Character.isWhitespace(c) : characters.indexOf(c) >= 0;
  }

  private static String capitalize(String text) {
    if (text.isEmpty()) {
      return text;
    }
    return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1).toLowerCase(Locale.ROOT);
  }
}
