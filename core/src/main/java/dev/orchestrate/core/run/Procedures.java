package dev.orchestrate.core.run;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.compiler.PlaybookLibrary;
import java.nio.file.Path;

/**
 * The built-in procedures an apply compiles from, and the folder they lie in, where their
 * {@code template} tasks find {@code templates/}. Core does not ship them; the caller hands them in.
 */
public record Procedures(PlaybookLibrary library, Path folder) {
  public Procedures {
    requireNonNull(library, "library");
    requireNonNull(folder, "folder");
  }
}
