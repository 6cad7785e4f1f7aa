package dev.orchestrate.core.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression written for Python's {@code re}, as Ansible's modules, filters and tests
 * take them, run by {@link Pattern}: the one translation both the modules and the templates use.
 * The differences that matter are translated: {@code (?P<name>...)} with any Python name (Java's
 * names allow no underscore, so such a group gets a Java name of its own) and {@code (?P=name)},
 * {@code \Z}, {@code \v}, {@code {,n}}, a <code>{</code> that is no repetition, and {@code [} or
 * {@code &} inside a class. {@code .}, {@code ^} and {@code $} know only {@code \n} as a line
 * end, as in Python. Replacement templates use Python's syntax: {@code \1}, {@code \g<1>},
 * {@code \g<name>}, {@code \n}. A bad expression or replacement throws {@link Invalid} with
 * Python's reason.
 */
public final class PythonRegex {
  /** A regular expression or replacement Python would refuse; the message says why. */
  public static final class Invalid extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message);
    }
  }

  private static final Pattern REPEAT = Pattern.compile("\\{(\\d*)(?:(,)(\\d*))?}");
  private static final Pattern REFERENCE = Pattern.compile("\\\\(?:(\\d+)|g<([^>]+)>)");
  private static final Pattern JAVA_NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");

  private final String source;
  private final Pattern pattern;
  private final Map<String, String> names;

  private PythonRegex(String source, Pattern pattern, Map<String, String> names) {
    this.source = source;
    this.pattern = pattern;
    this.names = names;
  }

  /** @param flags {@link Pattern} flags to add, such as {@link Pattern#MULTILINE} */
  public static PythonRegex compile(String regex, int flags) {
    Map<String, String> names = new HashMap<>();
    String translated = translate(regex, names);
    try {
      return new PythonRegex(regex, Pattern.compile(translated, flags | Pattern.UNIX_LINES), Map.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new Invalid("bad regular expression '" + regex + "': " + e.getDescription());
    }
  }

  public Matcher matcher(CharSequence text) {
    return pattern.matcher(text);
  }

  /** Python's {@code match.groups()}: every group's text, null for a group that took no part. */
  public static List<String> groups(Matcher match) {
    List<String> groups = new ArrayList<>();
    for (int group = 1; group <= match.groupCount(); group++) {
      groups.add(match.group(group));
    }
    return java.util.Collections.unmodifiableList(groups);
  }

  /** Python's {@code match.groupdict()}: the named groups' texts by their Python names. */
  public Map<String, String> groupDict(Matcher match) {
    Map<String, String> groups = new java.util.TreeMap<>();
    names.forEach((python, java) -> groups.put(python, match.group(java)));
    return java.util.Collections.unmodifiableMap(groups);
  }

  /** Python's {@code match.expand(template)}: the template with its group references filled in. */
  public String expand(Matcher match, String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '\\') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 >= template.length()) {
        throw new Invalid("bad escape (end of pattern) in replacement '" + template + "'");
      }
      char next = template.charAt(i + 1);
      if (next == 'g') {
        int close = template.indexOf('>', i);
        if (i + 2 >= template.length() || template.charAt(i + 2) != '<' || close < 0) {
          throw new Invalid("missing group name in replacement '" + template + "'");
        }
        out.append(group(match, template.substring(i + 3, close), template));
        i = close + 1;
      } else if (next >= '0' && next <= '9') {
        i = digits(match, template, i + 1, out);
      } else {
        out.append(escape(next, template));
        i += 2;
      }
    }
    return out.toString();
  }

  /** Python's {@code re.sub}: every match, or the first {@code count} when it is positive, replaced by {@code template}. */
  public String replace(String text, String template, int count) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int done = 0;
    while ((count <= 0 || done < count) && matcher.find()) {
      out.append(text, copied, matcher.start()).append(expand(matcher, template));
      copied = matcher.end();
      done++;
    }
    return out.append(text, copied, text.length()).toString();
  }

  /**
   * The text of one group Ansible's {@code regex_search} asks for by {@code \N} or {@code
   * \g<name>}; an empty string for a group that took no part.
   */
  public String group(Matcher match, String reference) {
    Matcher parts = REFERENCE.matcher(reference);
    if (!parts.matches()) {
      throw new Invalid("'" + reference + "' is not a group reference: write '\\1' or '\\g<name>'");
    }
    String name = parts.group(1) != null ? parts.group(1) : parts.group(2);
    boolean numbered = name.chars().allMatch(Character::isDigit);
    if (numbered ? Integer.parseInt(name) > match.groupCount() : !names.containsKey(name)) {
      throw new Invalid("no group " + reference + " in the regular expression '" + source + "'");
    }
    String text = numbered ? match.group(Integer.parseInt(name)) : match.group(names.get(name));
    return text == null ? "" : text;
  }

  /** Reads {@code \N}, {@code \NN} (a group) or {@code \0}, {@code \NNN} (an octal character) from {@code at}. */
  private static int digits(Matcher match, String template, int at, StringBuilder out) {
    int end = at + 1;
    if (template.charAt(at) == '0' || isOctalRun(template, at)) {
      while (end < Math.min(at + 3, template.length()) && template.charAt(end) >= '0' && template.charAt(end) <= '7') {
        end++;
      }
      out.append((char) Integer.parseInt(template.substring(at, end), 8));
      return end;
    }
    if (end < template.length() && Character.isDigit(template.charAt(end))) {
      end++;
    }
    out.append(value(match, Integer.parseInt(template.substring(at, end)), template));
    return end;
  }

  private static boolean isOctalRun(String text, int at) {
    return at + 2 < text.length()
        && isOctal(text.charAt(at)) && isOctal(text.charAt(at + 1)) && isOctal(text.charAt(at + 2));
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private String group(Matcher match, String name, String template) {
    if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
      return value(match, Integer.parseInt(name), template);
    }
    String javaName = names.get(name);
    if (javaName == null) {
      throw new Invalid("unknown group name '" + name + "' in replacement '" + template + "'");
    }
    String value = match.group(javaName);
    return value == null ? "" : value;
  }

  private static String value(Matcher match, int group, String template) {
    if (group > match.groupCount()) {
      throw new Invalid("invalid group reference " + group + " in replacement '" + template + "'");
    }
    String value = match.group(group);
    return value == null ? "" : value;
  }

  private static String escape(char c, String template) {
    return switch (c) {
      case 'n' -> "\n";
      case 't' -> "\t";
      case 'r' -> "\r";
      case 'f' -> "\f";
      case 'v' -> "\u000b";
      case 'a' -> "\u0007";
      case 'b' -> "\b";
      case '\\' -> "\\";
      default -> {
        if (c < 128 && Character.isLetter(c)) {
          throw new Invalid("bad escape \\" + c + " in replacement '" + template + "'");
        }
        yield "\\" + c;
      }
    };
  }

  private static String translate(String regex, Map<String, String> names) {
    StringBuilder out = new StringBuilder();
    boolean inClass = false;
    int classStart = 0;
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 >= regex.length()) {
          throw new Invalid("bad regular expression '" + regex + "': bad escape (end of pattern)");
        }
        char next = regex.charAt(i + 1);
        out.append(switch (next) {
          case 'Z' -> inClass ? "Z" : "\\z";
          case 'v' -> "\\x0B";
          case 'b' -> inClass ? "\\x08" : "\\b";
          default -> "\\" + next;
        });
        i += 2;
      } else if (inClass) {
        if (c == ']' && i > classStart) {
          inClass = false;
          out.append(']');
        } else {
          out.append(c == '[' || c == '&' ? "\\" + c : String.valueOf(c));
        }
        i++;
      } else if (c == '[') {
        inClass = true;
        out.append('[');
        i++;
        if (i < regex.length() && regex.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
          out.append("\\]");
          i++;
        }
        classStart = i;
      } else if (regex.startsWith("(?P<", i)) {
        int close = regex.indexOf('>', i);
        if (close < 0) {
          throw new Invalid("bad regular expression '" + regex + "': missing >, unterminated name");
        }
        String name = regex.substring(i + 4, close);
        String javaName = JAVA_NAME.matcher(name).matches() ? name : "pythonGroup" + names.size();
        names.put(name, javaName);
        out.append("(?<").append(javaName).append('>');
        i = close + 1;
      } else if (regex.startsWith("(?P=", i)) {
        int close = regex.indexOf(')', i);
        String name = close < 0 ? "" : regex.substring(i + 4, close);
        if (!names.containsKey(name)) {
          throw new Invalid("bad regular expression '" + regex + "': unknown group name '" + name + "'");
        }
        out.append("\\k<").append(names.get(name)).append('>');
        i = close + 1;
      } else if (c == '{') {
        Matcher repeat = REPEAT.matcher(regex).region(i, regex.length());
        if (repeat.lookingAt() && (repeat.group(2) != null || !repeat.group(1).isEmpty())) {
          String low = repeat.group(1).isEmpty() ? "0" : repeat.group(1);
          out.append(repeat.group(2) == null ? repeat.group() : "{" + low + "," + repeat.group(3) + "}");
          i = repeat.end();
        } else {
          out.append("\\{");
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
