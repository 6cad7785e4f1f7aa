package dev.orchestrate.core.balancer;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of one configuration file, built top to bottom: directives at the current depth,
 * blocks that indent what they hold, and comments wrapped to a readable width. Every kind the
 * writers know uses {@code #} for comments.
 */
final class ConfigText {
  private static final int WIDTH = 100;
  private static final String INDENT = "    ";

  private final StringBuilder text = new StringBuilder();
  private int depth;

  /** One line at the current depth. */
  ConfigText line(String line) {
    text.append(INDENT.repeat(depth)).append(line).append('\n');
    return this;
  }

  ConfigText blank() {
    text.append('\n');
    return this;
  }

  /** A paragraph of prose as {@code #} lines at the current depth, wrapped to the file's width. */
  ConfigText comment(String paragraph) {
    String prefix = INDENT.repeat(depth) + "# ";
    for (String line : wrap(paragraph, WIDTH - prefix.length())) {
      text.append(prefix).append(line).append('\n');
    }
    return this;
  }

  /** A line that is itself a comment, kept as written: an example to uncomment, say. */
  ConfigText commentLine(String line) {
    text.append(INDENT.repeat(depth)).append("# ").append(line).append('\n');
    return this;
  }

  /** Opens a block whose lines are indented one step more, until {@link #close}. */
  ConfigText open(String line) {
    line(line);
    depth++;
    return this;
  }

  ConfigText close(String line) {
    depth--;
    return line(line);
  }

  /** Text written elsewhere, such as a snippet inside a complete file, at the current depth. */
  ConfigText append(String lines) {
    for (String line : lines.split("\n", -1)) {
      if (!line.isEmpty()) {
        text.append(INDENT.repeat(depth)).append(line);
      }
      text.append('\n');
    }
    text.setLength(text.length() - 1);
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }

  private static List<String> wrap(String paragraph, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : paragraph.strip().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
