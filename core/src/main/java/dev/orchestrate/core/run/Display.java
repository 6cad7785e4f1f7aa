package dev.orchestrate.core.run;

import dev.orchestrate.core.executor.RunListener;
import dev.orchestrate.core.executor.RunSummary;
import java.io.PrintWriter;
import java.util.List;

/**
 * How a person watches a walk in text output (JSON output is core's own {@link
 * dev.orchestrate.core.report.JsonEvents}): a live view on a terminal, timestamped lines in a log.
 * The caller supplies it, so core draws nothing itself and knows no terminal.
 */
@FunctionalInterface
public interface Display {
  /**
   * The view of one walk over {@code nodes} (node names, in start order), drawn on {@code human}:
   * standard output, or standard error when standard output carries JSON.
   */
  View open(PrintWriter human, List<String> nodes);

  /** One walk as a person sees it: every task as it goes, then the recap. */
  interface View extends RunListener {
    /** The walk has stopped: a live view stops redrawing and clears itself before anything else is printed. */
    default void end() {}

    /** What the walk did, per node; printed after the journal's last record. */
    void recap(RunSummary summary);
  }
}
