package dev.orchestrate.core.module.edit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads and edits the text of a Java {@code .properties} file such as {@code
 * confluence-init.properties}, as {@link java.util.Properties#load(java.io.Reader)} reads it:
 * {@code key=value}, {@code key = value}, {@code key: value} and {@code key value}, with {@code #}
 * and {@code !} comments, continuation lines and backslash escapes. Edits touch only the lines
 * they change; commented-out entries ({@code # confluence.home=...}) are never taken for active
 * ones.
 *
 * <p>When a key occurs on several lines, reads return the last, as {@code Properties} keeps the
 * last, and edits change every one. Messages name keys, never values.
 */
public final class PropertiesText {
  private PropertiesText() {}

  /**
   * One active entry.
   *
   * @param keyEnd where the key as written ends and the separator starts
   * @param valueStart where the value as written starts
   * @param end where its logical line ends, before the line break
   * @param next where the next line starts
   */
  private record Entry(String key, int start, int keyEnd, int valueStart, int end, int next) {}

  /** The value of {@code key}, empty when no active line sets it. */
  public static Optional<String> get(String text, String key) {
    List<Entry> found = entries(text, key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Entry last = found.get(found.size() - 1);
    return Optional.of(unescape(text.substring(last.valueStart(), last.end()), key));
  }

  /**
   * {@code text} with {@code key} set to {@code value}: the value replaced where the key already
   * stands, keeping its separator, or a {@code key=value} line added at the end.
   */
  public static String set(String text, String key, String value) {
    requireKey(key);
    List<Entry> found = entries(text, key);
    String lineBreak = Lines.lineBreak(text);
    if (found.isEmpty()) {
      String separator = separatorInUse(text);
      return text + (Lines.endsWithBreak(text) ? "" : lineBreak) + escapeKey(key) + separator + escapeValue(value)
          + lineBreak;
    }
    String edited = text;
    for (Entry entry : reversed(found)) {
      if (unescape(text.substring(entry.valueStart(), entry.end()), key).equals(value)) {
        continue;
      }
      String separator = entry.valueStart() == entry.keyEnd() ? "=" : "";
      edited = edited.substring(0, entry.valueStart()) + separator + escapeValue(value) + edited.substring(entry.end());
    }
    return edited;
  }

  /** {@code text} without the lines that set {@code key}. */
  public static String remove(String text, String key) {
    String edited = text;
    for (Entry entry : reversed(entries(text, key))) {
      edited = edited.substring(0, entry.start()) + edited.substring(entry.next());
    }
    return edited;
  }

  private static List<Entry> entries(String text, String key) {
    return entries(text).stream().filter(entry -> entry.key().equals(key)).toList();
  }

  private static List<Entry> entries(String text) {
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = Lines.endOfLine(text, start);
      int keyStart = skipBlank(text, start, end);
      if (keyStart == end || text.charAt(keyStart) == '#' || text.charAt(keyStart) == '!') {
        start = Lines.afterBreak(text, end);
        continue;
      }
      while (continues(text, start, end) && end < text.length()) {
        end = Lines.endOfLine(text, Lines.afterBreak(text, end));
      }
      int keyEnd = keyStart;
      while (keyEnd < end && !isSeparator(text.charAt(keyEnd))) {
        keyEnd += text.charAt(keyEnd) == '\\' ? 2 : 1;
      }
      keyEnd = Math.min(keyEnd, end);
      int valueStart = skipBlank(text, keyEnd, end);
      if (valueStart < end && (text.charAt(valueStart) == '=' || text.charAt(valueStart) == ':')) {
        valueStart = skipBlank(text, valueStart + 1, end);
      }
      String key = unescape(text.substring(keyStart, keyEnd), "a key");
      int next = Lines.afterBreak(text, end);
      entries.add(new Entry(key, start, keyEnd, valueStart, end, next));
      start = next;
    }
    return entries;
  }

  /** Whether the physical line ending at {@code end} ends with an odd number of backslashes. */
  private static boolean continues(String text, int start, int end) {
    int backslashes = 0;
    for (int i = end - 1; i >= start && text.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  private static boolean isSeparator(char c) {
    return c == '=' || c == ':' || isBlank(c);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\f';
  }

  private static int skipBlank(String text, int from, int end) {
    int position = from;
    while (position < end && isBlank(text.charAt(position))) {
      position++;
    }
    return position;
  }

  /** What {@code raw} stands for: escapes resolved, continuation breaks and the indentation after them dropped. */
  private static String unescape(String raw, String key) {
    StringBuilder out = new StringBuilder(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i++);
      if (c != '\\' || i == raw.length()) {
        out.append(c);
        continue;
      }
      char escaped = raw.charAt(i++);
      switch (escaped) {
        case '\r', '\n' -> {
          if (escaped == '\r' && i < raw.length() && raw.charAt(i) == '\n') {
            i++;
          }
          while (i < raw.length() && isBlank(raw.charAt(i))) {
            i++;
          }
        }
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 > raw.length()) {
            throw new IllegalArgumentException(key + ": malformed \\uxxxx escape");
          }
          try {
            out.append((char) Integer.parseInt(raw.substring(i, i + 4), 16));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": malformed \\uxxxx escape");
          }
          i += 4;
        }
        default -> out.append(escaped);
      }
    }
    return out.toString();
  }

  private static void requireKey(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a property needs a key");
    }
  }

  /** The separator the file's first entry uses, so added lines look like the others; {@code =} by default. */
  private static String separatorInUse(String text) {
    return entries(text).stream()
        .filter(entry -> entry.valueStart() > entry.keyEnd())
        .findFirst()
        .map(entry -> text.substring(entry.keyEnd(), entry.valueStart()))
        .orElse("=");
  }

  private static String escapeKey(String key) {
    StringBuilder out = new StringBuilder(key.length() + 8);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean special = c == '=' || c == ':' || c == ' ' || (i == 0 && (c == '#' || c == '!'));
      if (special) {
        out.append('\\').append(c);
      } else {
        appendEscaped(out, c);
      }
    }
    return out.toString();
  }

  private static String escapeValue(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (i == 0 && c == ' ') {
        out.append("\\ ");
      } else {
        appendEscaped(out, c);
      }
    }
    return out.toString();
  }

  /**
   * Escapes backslashes and control characters, and writes every character outside printable
   * ASCII as {@code \\uxxxx}, since {@code Properties.load(InputStream)} reads ISO 8859-1.
   */
  private static void appendEscaped(StringBuilder out, char c) {
    switch (c) {
      case '\\' -> out.append("\\\\");
      case '\t' -> out.append("\\t");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\f' -> out.append("\\f");
      default -> {
        if (c < 0x20 || c > 0x7E) {
          out.append(String.format("\\u%04X", (int) c));
        } else {
          out.append(c);
        }
      }
    }
  }

  private static List<Entry> reversed(List<Entry> entries) {
    List<Entry> copy = new ArrayList<>(entries);
    Collections.reverse(copy);
    return copy;
  }
}
