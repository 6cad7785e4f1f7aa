package dev.orchestrate.core.diagnostic;

/** How bad a {@link Diagnostic} is: only errors make a file invalid. */
public enum Severity {
  ERROR("error"),
  WARNING("warning");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
