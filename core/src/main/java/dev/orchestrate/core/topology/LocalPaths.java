package dev.orchestrate.core.topology;

import java.nio.file.Path;

/** Files on the machine running orchestrate, named in cluster.yaml: {@code ~} expanded, relative paths read from the file's folder. */
final class LocalPaths {
  private LocalPaths() {}

  static Path resolve(String text, Path baseDir, Environment environment) {
    if (text.equals("~")) {
      return environment.userHome();
    }
    if (text.startsWith("~/")) {
      return environment.userHome().resolve(text.substring(2)).normalize();
    }
    return baseDir.resolve(text).toAbsolutePath().normalize();
  }
}
