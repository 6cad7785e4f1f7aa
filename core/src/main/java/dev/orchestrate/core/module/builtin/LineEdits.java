package dev.orchestrate.core.module.builtin;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.template.PythonRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;

/**
 * The text edits of Ansible's {@code lineinfile}, on a file's lines as Python's {@code
 * readlines} gives them (each with its {@code \n}). The rules are Ansible's: {@code regexp} (or
 * {@code search_string}) finds the last matching line, or the first with {@code firstmatch}, and
 * that line is replaced; only when nothing matches is {@code line} inserted, after the last line
 * matching {@code insertafter} (or before the one matching {@code insertbefore}), at {@code BOF}
 * or at the end, unless the line is already there. With {@code backrefs} and no match the file is
 * left alone.
 */
final class LineEdits {
  static final String BOF = "BOF";
  static final String EOF = "EOF";

  /** The edited text; {@code found} counts the lines removed by {@link #absent}. */
  record Edit(String text, boolean changed, String message, int found) {
    Edit {
      requireNonNull(text, "text");
      requireNonNull(message, "message");
    }
  }

  /**
   * What {@code state: present} looks for and where it puts the line.
   *
   * @param reveal puts secrets into the line, after the backreferences are filled in, so that a
   *     secret is never read as a replacement template
   */
  record Wanted(String line, Optional<PythonRegex> regexp, Optional<String> searchString, Optional<String> insertAfter,
      Optional<String> insertBefore, boolean backrefs, boolean firstMatch, UnaryOperator<String> reveal) {
    Wanted {
      requireNonNull(line, "line");
      requireNonNull(reveal, "reveal");
      requireNonNull(regexp, "regexp");
      requireNonNull(searchString, "searchString");
      requireNonNull(insertAfter, "insertAfter");
      requireNonNull(insertBefore, "insertBefore");
    }
  }

  private LineEdits() {}

  static Edit present(String text, Wanted wanted) {
    List<String> lines = readLines(text);
    String line = wanted.reveal().apply(wanted.line());
    Optional<String> after = wanted.insertAfter().isEmpty() && wanted.insertBefore().isEmpty()
        ? Optional.of(EOF) : wanted.insertAfter();
    Optional<String> before = wanted.insertBefore();
    Optional<PythonRegex> anchor = after.filter(a -> !a.equals(BOF) && !a.equals(EOF))
        .or(() -> before.filter(b -> !b.equals(BOF)))
        .map(regex -> PythonRegex.compile(regex, 0));

    int matched = -1;
    Matcher match = null;
    boolean searchFound = false;
    if (wanted.regexp().isPresent()) {
      for (int i = 0; i < lines.size(); i++) {
        Matcher candidate = wanted.regexp().get().matcher(lines.get(i));
        if (candidate.find()) {
          matched = i;
          match = candidate;
          if (wanted.firstMatch()) {
            break;
          }
        }
      }
    }
    if (wanted.searchString().isPresent()) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(wanted.searchString().get())) {
          matched = i;
          searchFound = true;
          if (wanted.firstMatch()) {
            break;
          }
        }
      }
    }
    int insertAt = -1;
    if (match == null && !searchFound) {
      for (int i = 0; i < lines.size(); i++) {
        if (line.equals(withoutEnd(lines.get(i)))) {
          matched = i;
        } else if (anchor.isPresent() && anchor.get().matcher(lines.get(i)).find()) {
          insertAt = after.isPresent() ? i + 1 : i;
          if (wanted.firstMatch()) {
            break;
          }
        }
      }
    }

    if (matched != -1) {
      String replacement = wanted.backrefs() && match != null
          ? wanted.reveal().apply(wanted.regexp().get().expand(match, wanted.line())) : line;
      if (!replacement.endsWith("\n")) {
        replacement += "\n";
      }
      if (lines.get(matched).equals(replacement)) {
        return unchanged(text);
      }
      lines.set(matched, replacement);
      return new Edit(String.join("", lines), true, "line replaced", 0);
    }
    if (wanted.backrefs()) {
      // Without a match there is nothing to fill the backreferences with.
      return unchanged(text);
    }
    if (after.equals(Optional.of(BOF)) || before.equals(Optional.of(BOF))) {
      lines.add(0, line + "\n");
    } else if (after.equals(Optional.of(EOF)) || insertAt == -1 || after.isPresent() && insertAt == lines.size()) {
      if (insertAt == lines.size() && insertAt > 0 && withoutEnd(lines.get(insertAt - 1)).equals(line)) {
        return unchanged(text);
      }
      endLastLine(lines);
      lines.add(line + "\n");
    } else if (after.isPresent()) {
      if (withoutEnd(lines.get(insertAt)).equals(line)) {
        return unchanged(text);
      }
      lines.add(insertAt, line + "\n");
    } else {
      lines.add(insertAt, line + "\n");
    }
    return new Edit(String.join("", lines), true, "line added", 0);
  }

  /** Removes every line matching {@code regexp}, containing {@code searchString}, or equal to {@code line}. */
  static Edit absent(String text, Optional<PythonRegex> regexp, Optional<String> searchString, Optional<String> line) {
    List<String> kept = new ArrayList<>();
    int found = 0;
    for (String current : readLines(text)) {
      boolean matches = regexp.isPresent() ? regexp.get().matcher(current).find()
          : searchString.isPresent() ? current.contains(searchString.get())
          : line.orElseThrow().equals(withoutEnd(current));
      if (matches) {
        found++;
      } else {
        kept.add(current);
      }
    }
    if (found == 0) {
      return unchanged(text);
    }
    return new Edit(String.join("", kept), true, found + " line(s) removed", found);
  }

  /** Python's {@code readlines}: each line keeps its {@code \n}; the last may have none. */
  static List<String> readLines(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      lines.add(text.substring(start));
    }
    return lines;
  }

  private static void endLastLine(List<String> lines) {
    if (!lines.isEmpty()) {
      String last = lines.get(lines.size() - 1);
      if (!last.endsWith("\n") && !last.endsWith("\r")) {
        lines.set(lines.size() - 1, last + "\n");
      }
    }
  }

  private static Edit unchanged(String text) {
    return new Edit(text, false, "", 0);
  }

  private static String withoutEnd(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    return line.substring(0, end);
  }
}
