package dev.orchestrate.core.diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects every problem of one file, so a user sees all of them in one run instead of fixing
 * them one at a time.
 */
public final class Diagnostics {
  private final String file;
  private final List<Diagnostic> found = new ArrayList<>();

  /** @param file the file's name as the user gave it; it starts every printed line */
  public Diagnostics(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void error(SourcePosition at, String message) {
    add(at, Severity.ERROR, message, null);
  }

  public void error(SourcePosition at, String message, String hint) {
    add(at, Severity.ERROR, message, hint);
  }

  public void warning(SourcePosition at, String message) {
    add(at, Severity.WARNING, message, null);
  }

  public void warning(SourcePosition at, String message, String hint) {
    add(at, Severity.WARNING, message, hint);
  }

  private void add(SourcePosition at, Severity severity, String message, String hint) {
    found.add(new Diagnostic(file, at, severity, message, Optional.ofNullable(hint)));
  }

  public boolean hasErrors() {
    return found.stream().anyMatch(Diagnostic::isError);
  }

  /** Everything found so far, in file order. */
  public List<Diagnostic> sorted() {
    return found.stream().sorted(Diagnostic.ORDER).toList();
  }
}
