package dev.orchestrate.core.module.edit;

import dev.orchestrate.core.module.edit.Lines.Line;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and edits the Java system properties that Tomcat's {@code bin/setenv.sh} passes on
 * {@code CATALINA_OPTS="-Dname=value ${CATALINA_OPTS}"} lines. Every other line, and every other
 * word of those lines, stays as it was; commented-out lines are never read.
 *
 * <p>Values are read as written, unexpanded ({@code ${CONFLUENCE_CONTEXT_PATH}} stays so). A
 * value to write must mean the same inside double quotes and stay one word when the shell splits
 * {@code $CATALINA_OPTS}: one with {@code "}, {@code $}, a backtick, a backslash, white space or a
 * line break is refused with an {@link IllegalArgumentException} that names the property, never
 * the value.
 */
public final class SetenvText {
  private static final Pattern OPTIONS_LINE = Pattern.compile("^(\\s*(?:export\\s+)?CATALINA_OPTS=\")([^\"]*)\"");
  private static final Pattern EXPORT_LINE =
      Pattern.compile("^(\\s*)export\\s+(?:[A-Za-z_][A-Za-z0-9_]*\\s+)*CATALINA_OPTS(?:\\s|;|$)");
  private static final Pattern ONLY_PREVIOUS = Pattern.compile("\\s*\\$\\{?CATALINA_OPTS}?\\s*");
  private static final Pattern WORD = Pattern.compile("\\S+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final String UNSAFE = "\"$`\\";

  private SetenvText() {}

  /** One {@code -Dname[=value]} word on a CATALINA_OPTS line, by offsets into the whole text. */
  private record Option(int start, int end, String value) {}

  /** The value of {@code -Dname}, as written on the first CATALINA_OPTS line that sets it; empty when none does. */
  public static Optional<String> get(String script, String name) {
    return options(script, name).stream().findFirst().map(Option::value);
  }

  /**
   * {@code script} with {@code -Dname=value}: changed in place wherever the property stands, or
   * else on a new {@code CATALINA_OPTS="-Dname=value ${CATALINA_OPTS}"} line just before the first
   * {@code export CATALINA_OPTS}, or at the end followed by one.
   */
  public static String set(String script, String name, String value) {
    requireName(name);
    requireSafe(name, value);
    String option = "-D" + name + "=" + value;
    List<Option> found = options(script, name);
    if (!found.isEmpty()) {
      String edited = script;
      for (Option existing : reversed(found)) {
        if (existing.value().equals(value)) {
          continue;
        }
        edited = edited.substring(0, existing.start()) + option + edited.substring(existing.end());
      }
      return edited;
    }
    String lineBreak = Lines.lineBreak(script);
    String line = "CATALINA_OPTS=\"" + option + " ${CATALINA_OPTS}\"";
    for (Line candidate : Lines.of(script)) {
      Matcher export = EXPORT_LINE.matcher(candidate.content(script));
      if (export.find()) {
        return script.substring(0, candidate.start()) + export.group(1) + line + lineBreak
            + script.substring(candidate.start());
      }
    }
    return script + (Lines.endsWithBreak(script) ? "" : lineBreak) + line + lineBreak + "export CATALINA_OPTS"
        + lineBreak;
  }

  /** {@code script} without {@code -Dname}; a line left carrying only {@code ${CATALINA_OPTS}} goes too. */
  public static String remove(String script, String name) {
    String edited = script;
    for (Line line : reversed(Lines.of(script))) {
      String content = line.content(script);
      Matcher matcher = OPTIONS_LINE.matcher(content);
      if (!matcher.find()) {
        continue;
      }
      String words = withoutOption(matcher.group(2), name);
      if (words.equals(matcher.group(2))) {
        continue;
      }
      String replacement = ONLY_PREVIOUS.matcher(words).matches()
          ? ""
          : matcher.group(1) + words + content.substring(matcher.end(2)) + script.substring(line.end(), line.next());
      edited = edited.substring(0, line.start()) + replacement + edited.substring(line.next());
    }
    return edited;
  }

  private static List<Option> options(String script, String name) {
    List<Option> found = new ArrayList<>();
    for (Line line : Lines.of(script)) {
      Matcher matcher = OPTIONS_LINE.matcher(line.content(script));
      if (!matcher.find()) {
        continue;
      }
      int offset = line.start() + matcher.start(2);
      Matcher word = WORD.matcher(matcher.group(2));
      while (word.find()) {
        valueOf(word.group(), name).ifPresent(value ->
            found.add(new Option(offset + word.start(), offset + word.end(), value)));
      }
    }
    return found;
  }

  /** The value {@code word} gives property {@code name}: empty when it is about another. */
  private static Optional<String> valueOf(String word, String name) {
    String prefix = "-D" + name;
    if (word.equals(prefix)) {
      return Optional.of("");
    }
    return word.startsWith(prefix + "=") ? Optional.of(word.substring(prefix.length() + 1)) : Optional.empty();
  }

  /** {@code words} without the ones setting {@code name}, each taking the white space after it (or, last, before it). */
  private static String withoutOption(String words, String name) {
    String remaining = words;
    Matcher word = WORD.matcher(remaining);
    while (word.find()) {
      if (valueOf(word.group(), name).isEmpty()) {
        continue;
      }
      int start = word.start();
      int end = word.end();
      while (end < remaining.length() && Character.isWhitespace(remaining.charAt(end))) {
        end++;
      }
      if (end == remaining.length()) {
        while (start > 0 && Character.isWhitespace(remaining.charAt(start - 1))) {
          start--;
        }
      }
      remaining = remaining.substring(0, start) + remaining.substring(end);
      word = WORD.matcher(remaining);
    }
    return remaining;
  }

  private static void requireName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a system property name this editor writes:"
          + " use letters, digits, '.', '_' and '-'");
    }
  }

  private static void requireSafe(String name, String value) {
    boolean unsafe = value.chars().anyMatch(c -> UNSAFE.indexOf(c) >= 0 || Character.isWhitespace(c)
        || Character.isISOControl(c));
    if (unsafe) {
      throw new IllegalArgumentException("the value for -D" + name + " holds a character that cannot stand in"
          + " CATALINA_OPTS (\", $, `, \\, white space or a line break); such a value has to be set another way");
    }
  }

  private static <T> List<T> reversed(List<T> items) {
    List<T> copy = new ArrayList<>(items);
    Collections.reverse(copy);
    return copy;
  }
}
