package dev.orchestrate.core.module.edit;

import java.util.ArrayList;
import java.util.List;

/** The lines of a text with their ends kept, so an edit can put every other byte back as it was. */
final class Lines {
  private Lines() {}

  /**
   * One line of a text.
   *
   * @param end where its content ends, before the line break
   * @param next where the next line starts, after the line break (the text's length for the last)
   */
  record Line(int start, int end, int next) {
    String content(String text) {
      return text.substring(start, end);
    }
  }

  /** The lines of {@code text}; a final line break does not start another, empty, line. */
  static List<Line> of(String text) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = endOfLine(text, start);
      int next = afterBreak(text, end);
      lines.add(new Line(start, end, next));
      start = next;
    }
    return List.copyOf(lines);
  }

  /** The line break {@code text} uses, judged by its first one: CRLF, CR or, by default, LF. */
  static String lineBreak(String text) {
    int end = endOfLine(text, 0);
    if (end == text.length()) {
      return "\n";
    }
    return text.startsWith("\r\n", end) ? "\r\n" : text.substring(end, end + 1);
  }

  /** Where the line holding {@code offset} starts. */
  static int startOfLine(String text, int offset) {
    int start = offset;
    while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
      start--;
    }
    return start;
  }

  /** Where the line holding {@code offset} ends, before its line break. */
  static int endOfLine(String text, int offset) {
    int end = offset;
    while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
      end++;
    }
    return end;
  }

  /** {@code end} moved past the line break that starts there, if one does. */
  static int afterBreak(String text, int end) {
    if (text.startsWith("\r\n", end)) {
      return end + 2;
    }
    return end < text.length() ? end + 1 : end;
  }

  /** Whether {@code text} is empty or ends with a line break, so a line can be added after it. */
  static boolean endsWithBreak(String text) {
    return text.isEmpty() || text.endsWith("\n") || text.endsWith("\r");
  }

  static boolean isBlank(String text) {
    return text.chars().allMatch(c -> c == ' ' || c == '\t');
  }
}
