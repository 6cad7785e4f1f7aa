package dev.orchestrate.core.module.builtin;

import dev.orchestrate.core.template.PythonRegex;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text edit of Ansible's {@code replace}: every match of {@code regexp} (a Python regular
 * expression, {@code ^} and {@code $} at every line) replaced, within the section after the
 * first match of {@code after} and before the next match of {@code before} when they are given.
 */
final class Replacements {
  /** The new text and how many replacements made it; {@code missedSection} when after/before matched nothing. */
  record Result(String text, int count, Optional<String> missedSection) {}

  private static final int TEXT_FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

  private Replacements() {}

  /**
   * @param reveal puts secrets into each replacement once its groups are filled in, so that a
   *     secret is never read as a template
   */
  static Result apply(String contents, String regexp, String replacement, Optional<String> after,
      Optional<String> before, UnaryOperator<String> reveal) {
    String section = contents;
    int start = 0;
    int end = contents.length();
    String sectionPattern = after.map(a -> a + "(?P<subsection>" + (before.isPresent() ? ".*?)" : ".*)")).orElse("")
        + before.map(b -> (after.isPresent() ? "" : "(?P<subsection>.*)") + b).orElse("");
    if (!sectionPattern.isEmpty()) {
      PythonRegex sections = PythonRegex.compile(sectionPattern, Pattern.DOTALL | TEXT_FLAGS);
      Matcher found = sections.matcher(contents);
      if (!found.find()) {
        return new Result(contents, 0,
            Optional.of("Pattern for before/after params did not match the given file: " + sectionPattern));
      }
      start = found.start("subsection");
      end = found.end("subsection");
      section = contents.substring(start, end);
    }
    PythonRegex pattern = PythonRegex.compile(regexp, Pattern.MULTILINE | TEXT_FLAGS);
    Matcher matcher = pattern.matcher(section);
    StringBuilder replaced = new StringBuilder();
    int copied = 0;
    int count = 0;
    while (matcher.find()) {
      replaced.append(section, copied, matcher.start()).append(reveal.apply(pattern.expand(matcher, replacement)));
      copied = matcher.end();
      count++;
    }
    replaced.append(section.substring(copied));
    return new Result(contents.substring(0, start) + replaced + contents.substring(end), count, Optional.empty());
  }
}
