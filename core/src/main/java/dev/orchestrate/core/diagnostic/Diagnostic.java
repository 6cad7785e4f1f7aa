package dev.orchestrate.core.diagnostic;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.Optional;

/**
 * One problem found in a user's file, pointing at the key or value that causes it.
 *
 * <p>{@link #toString()} gives the one-line form every command prints, which editors and CI logs
 * turn into links: {@code cluster.yaml:14:3: error: unknown key 'shraedHome' in 'confluence' (did
 * you mean 'sharedHome'?)}.
 */
public record Diagnostic(
    String file, SourcePosition position, Severity severity, String message, Optional<String> hint) {

  /** File order, then errors before warnings at one place, then by text so output is stable. */
  public static final Comparator<Diagnostic> ORDER =
      Comparator.comparing(Diagnostic::file)
          .thenComparing(Diagnostic::position)
          .thenComparing(Diagnostic::severity)
          .thenComparing(Diagnostic::message);

  public Diagnostic {
    requireNonNull(file, "file");
    requireNonNull(position, "position");
    requireNonNull(severity, "severity");
    requireNonNull(message, "message");
    requireNonNull(hint, "hint");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    String text = file + ":" + position + ": " + severity.label() + ": " + message;
    return hint.map(h -> text + " (" + h + ")").orElse(text);
  }
}
