package dev.orchestrate.core.undo;

/** Checks shared by the records: every path an undo touches is absolute, so it never depends on a working directory. */
final class Paths {
  private Paths() {}

  static void requireAbsolute(String path, String what) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(what + " must be an absolute path, not '" + path + "'");
    }
  }
}
