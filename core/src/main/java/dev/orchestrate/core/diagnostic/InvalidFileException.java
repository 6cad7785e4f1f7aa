package dev.orchestrate.core.diagnostic;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import java.util.List;
import java.util.stream.Collectors;

/** A user's file has errors; the message lists every one, so nothing else needs printing. */
public final class InvalidFileException extends OrchestrateException {
  private static final long serialVersionUID = 1L;

  private final transient List<Diagnostic> diagnostics;

  public InvalidFileException(List<Diagnostic> diagnostics) {
    super(ExitCode.INVALID_INPUT, diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
    this.diagnostics = List.copyOf(diagnostics);
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }
}
