package dev.orchestrate.core.template;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's regular expressions on Java's engine: the two differ in named groups ({@code
 * (?P<name>...)}) and in replacements ({@code \1} and {@code \g<name>} where Java writes {@code
 * $1}), which are translated here.
 */
final class PythonRegex {
  private static final Pattern GROUP_REFERENCE = Pattern.compile("\\\\(?:(\\d{1,2})|g<(\\w+)>)");

  private PythonRegex() {}

  static Pattern compile(String regex, boolean ignoreCase, boolean multiline) {
    String java = regex.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
    int flags = (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
        | (multiline ? Pattern.MULTILINE : 0);
    try {
      return Pattern.compile(java, flags);
    } catch (PatternSyntaxException e) {
      throw new TemplateFault("invalid regular expression '" + regex + "': " + e.getDescription());
    }
  }

  /** Python's re.sub: {@code replacement} may name groups as {@code \1}, {@code \g<1>} or {@code \g<name>}. */
  static String replace(Pattern pattern, String text, String replacement, int count) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder result = new StringBuilder(text.length());
    int done = 0;
    while ((count <= 0 || done < count) && matcher.find()) {
      matcher.appendReplacement(result, Matcher.quoteReplacement(expand(replacement, matcher)));
      done++;
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /** The text of a group reference such as {@code \1} or {@code \g<name>} in the match. */
  static String group(Matcher match, Pattern pattern, String reference) {
    Matcher parts = GROUP_REFERENCE.matcher(reference);
    if (!parts.matches()) {
      throw new TemplateFault("'" + reference + "' is not a group reference: write '\\\\1' or '\\\\g<name>'");
    }
    return group(match, pattern, parts);
  }

  private static String expand(String replacement, Matcher match) {
    StringBuilder expanded = new StringBuilder();
    int position = 0;
    while (position < replacement.length()) {
      char c = replacement.charAt(position);
      if (c != '\\' || position + 1 == replacement.length()) {
        expanded.append(c);
        position++;
        continue;
      }
      Matcher reference = GROUP_REFERENCE.matcher(replacement).region(position, replacement.length());
      if (reference.lookingAt()) {
        expanded.append(group(match, null, reference));
        position = reference.end();
        continue;
      }
      char escaped = replacement.charAt(position + 1);
      expanded.append(switch (escaped) {
        case 'n' -> "\n";
        case 't' -> "\t";
        case 'r' -> "\r";
        case '\\' -> "\\";
        default -> "\\" + escaped;
      });
      position += 2;
    }
    return expanded.toString();
  }

  private static String group(Matcher match, Pattern pattern, Matcher reference) {
    try {
      String text = reference.group(1) != null
          ? match.group(Integer.parseInt(reference.group(1)))
          : namedOrNumbered(match, reference.group(2));
      return text == null ? "" : text;
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new TemplateFault("no group " + reference.group() + " in the regular expression"
          + (pattern == null ? "" : " '" + pattern.pattern() + "'"));
    }
  }

  private static String namedOrNumbered(Matcher match, String name) {
    if (name.chars().allMatch(Character::isDigit)) {
      return match.group(Integer.parseInt(name));
    }
    return match.group(name);
  }

  /** All groups a regex_search asks for, in order. */
  static List<String> groups(Matcher match, Pattern pattern, List<Object> references) {
    List<String> groups = new ArrayList<>(references.size());
    for (Object reference : references) {
      groups.add(group(match, pattern, String.valueOf(reference)));
    }
    return groups;
  }
}
