package dev.orchestrate.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where an apply's text output says it first failed, as a person reads it: the play, the task, the node. */
final class ConvergeOutput {
  private static final Pattern PLAY = Pattern.compile("(?m)PLAY \\[(.*)\\] hosts: ");
  private static final Pattern TASK = Pattern.compile("(?m)TASK \\[(.*)\\]$");
  /** {@code fatal: [node2]: FAILED! TITLE (0.09s) MESSAGE}, the title only after another task's header. */
  private static final Pattern FATAL = Pattern.compile("fatal: \\[([^\\]]*)\\]: FAILED!(?: (.*?))? \\(\\d+\\.\\d+s\\)");

  private ConvergeOutput() {}

  /**
   * The last PLAY header before the first {@code fatal: [NODE]} line, the task, and that node;
   * empty when nothing failed. The fatal line names the task when another task's header came
   * between (nodes running on at their own pace, strategy: free); otherwise the last TASK header
   * before it does.
   */
  static List<String> firstFailure(String out) {
    int fatal = out.indexOf("fatal: [");
    if (fatal < 0) {
      return List.of();
    }
    String before = out.substring(0, fatal);
    Matcher line = FATAL.matcher(out.substring(fatal));
    String named = line.lookingAt() && line.group(2) != null ? line.group(2) : last(TASK, before);
    return List.of(last(PLAY, before), named, out.substring(fatal + "fatal: [".length(), out.indexOf(']', fatal)));
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
