package dev.orchestrate.core.module.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds a {@code src:} file on the controller as Ansible does for a playbook without roles: an
 * absolute path as it is; a relative one first in the playbook's {@code files/} (copy) or {@code
 * templates/} (template) folder, then next to the playbook.
 */
final class ControllerFiles {
  private ControllerFiles() {}

  static Path find(Path playbookDirectory, String folder, String source) {
    Path written = Path.of(source);
    List<Path> candidates = written.isAbsolute()
        ? List.of(written)
        : List.of(playbookDirectory.resolve(folder).resolve(source), playbookDirectory.resolve(source));
    return candidates.stream().filter(Files::exists).findFirst().orElseThrow(() -> new ModuleFailure(
        "Could not find or access '" + source + "' on the controller; searched in: "
            + candidates.stream().map(Path::toString).collect(Collectors.joining(", "))));
  }

  static byte[] read(Path file) {
    if (Files.isDirectory(file)) {
      throw new ModuleFailure(file + " is a directory; copying a directory is not supported, "
          + "copy its files one by one or use 'sync' between nodes");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ModuleFailure("could not read " + file + " on the controller: " + e.getMessage());
    }
  }

  /** The file's permission bits, for {@code mode: preserve}. */
  static int mode(Path file) {
    try {
      int bits = 0;
      for (java.nio.file.attribute.PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
        bits |= 0400 >> permission.ordinal();
      }
      return bits;
    } catch (IOException | UnsupportedOperationException e) {
      throw new ModuleFailure("could not read the mode of " + file + " for mode: preserve: " + e.getMessage());
    }
  }
}
