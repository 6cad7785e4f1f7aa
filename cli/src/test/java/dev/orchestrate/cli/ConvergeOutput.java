package dev.orchestrate.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an apply's text output says it first failed, as a person reads it: the play, the task, the node. */
final class ConvergeOutput {
  private static final Pattern PLAY = Pattern.compile("(?m)PLAY \\[(.*)\\] hosts: ");
  private static final Pattern TASK = Pattern.compile("(?m)TASK \\[(.*)\\]$");

  private ConvergeOutput() {}

  /**
   * The last PLAY and TASK headers before the first {@code fatal: [NODE]} line, and that node; empty
   * when nothing failed. The headers before it, not the fatal line, name the task: a task's result
   * line names it only when another task's header came between.
   */
  static List<String> firstFailure(String out) {
    int fatal = out.indexOf("fatal: [");
    if (fatal < 0) {
      return List.of();
    }
    String before = out.substring(0, fatal);
    return List.of(last(PLAY, before), last(TASK, before), out.substring(fatal + "fatal: [".length(),
        out.indexOf(']', fatal)));
  }

  private static String last(Pattern header, String text) {
    Matcher found = header.matcher(text);
    String last = "";
    while (found.find()) {
      last = found.group(1);
    }
    return last;
  }
}
