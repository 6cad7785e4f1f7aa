package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.transport.Shell;

/**
 * Builds shell words that the host expands as Ansible's modules expand their arguments there:
 * {@code $NAME} and {@code ${NAME}} become the variable's value when it is set and stay as
 * written when it is not (Python's {@code os.path.expandvars}), and a leading {@code ~} becomes
 * {@code $HOME}. A pattern also leaves {@code *}, {@code ?} and simple {@code [...]} classes for
 * the shell to match, as Python's {@code glob} would.
 */
final class HostWords {
  private HostWords() {}

  static String expanded(String text) {
    return build(text, false);
  }

  static String pattern(String text) {
    return build(text, true);
  }

  private static String build(String text, boolean glob) {
    StringBuilder word = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    if (text.equals("~") || text.startsWith("~/")) {
      word.append("\"$HOME\"");
      i = 1;
    }
    while (i < text.length()) {
      char c = text.charAt(i);
      int end;
      if (c == '$' && (end = variableEnd(text, i)) > 0) {
        flush(word, literal);
        boolean braced = text.charAt(i + 1) == '{';
        String name = braced ? text.substring(i + 2, end - 1) : text.substring(i + 1, end);
        String asWritten = braced ? "\\${" + name + "\\}" : "\\$" + name;
        word.append("\"${").append(name).append('-').append(asWritten).append("}\"");
        i = end;
      } else if (glob && (c == '*' || c == '?')) {
        flush(word, literal);
        word.append(c);
        i++;
      } else if (glob && c == '[' && (end = classEnd(text, i)) > 0) {
        flush(word, literal);
        word.append(text, i, end);
        i = end;
      } else {
        literal.append(c);
        i++;
      }
    }
    flush(word, literal);
    return word.length() == 0 ? "''" : word.toString();
  }

  private static void flush(StringBuilder word, StringBuilder literal) {
    if (literal.length() > 0) {
      word.append(Shell.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  /** The index after {@code $NAME} or {@code ${NAME}} starting at {@code at}, or -1 when it is no variable. */
  private static int variableEnd(String text, int at) {
    int start = at + 1;
    boolean braced = start < text.length() && text.charAt(start) == '{';
    int i = braced ? start + 1 : start;
    if (i >= text.length() || !isNameStart(text.charAt(i))) {
      return -1;
    }
    while (i < text.length() && isNamePart(text.charAt(i))) {
      i++;
    }
    if (!braced) {
      return i;
    }
    return i < text.length() && text.charAt(i) == '}' ? i + 1 : -1;
  }

  /** The index after a bracket class of plain characters starting at {@code at}, or -1. */
  private static int classEnd(String text, int at) {
    for (int i = at + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ']' && i > at + 1) {
        return i + 1;
      }
      if (!(c < 128 && Character.isLetterOrDigit(c) || "!^-_.".indexOf(c) >= 0)) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || c >= '0' && c <= '9';
  }
}
