package dev.orchestrate.core.run;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;

/**
 * Where a run writes: the report on {@code out}, warnings on {@code err}, and a person's view of
 * each walk through {@code display}. With {@code json}, {@code out} carries the JSON events only
 * and everything meant for a person goes to {@code err}.
 */
public record Output(PrintWriter out, PrintWriter err, boolean json, Display display) {
  public Output {
    requireNonNull(out, "out");
    requireNonNull(err, "err");
    requireNonNull(display, "display");
  }

  /** Where the lines meant for a person go: standard output, or standard error beside JSON events. */
  PrintWriter human() {
    return json ? err : out;
  }
}
