package dev.orchestrate.core.module.builtin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The free-form text of {@code command} and {@code shell}, with the options Ansible lets one
 * write inside it ({@code command: make creates=/opt/app/bin chdir=/src}) taken out. Only those
 * few keys are options; any other {@code key=value} word belongs to the command.
 */
record FreeForm(String text, Map<String, String> options) {
  private static final List<String> OPTIONS =
      List.of("creates", "removes", "chdir", "executable", "stdin", "stdin_add_newline", "strip_empty_ends");
  private static final Pattern WORD = Pattern.compile("(?:'[^']*'|\"(?:\\\\.|[^\"\\\\])*\"|\\\\.|[^\\s'\"\\\\])+");
  private static final Pattern OPTION = Pattern.compile("(" + String.join("|", OPTIONS) + ")=(.*)", Pattern.DOTALL);

  FreeForm {
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  static FreeForm parse(String written) {
    Map<String, String> options = new LinkedHashMap<>();
    StringBuilder rest = new StringBuilder();
    int copied = 0;
    Matcher word = WORD.matcher(written);
    while (word.find()) {
      Matcher option = OPTION.matcher(word.group());
      if (option.matches()) {
        options.put(option.group(1), unquote(option.group(2)));
        rest.append(written, copied, word.start());
        copied = skipBlanks(written, word.end());
      }
    }
    rest.append(written.substring(copied));
    return new FreeForm(options.isEmpty() ? written : rest.toString().strip(), options);
  }

  private static int skipBlanks(String text, int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.charAt(0) == '\'' || value.charAt(0) == '"')
        && value.charAt(value.length() - 1) == value.charAt(0)) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
