package dev.orchestrate.sandbox;

import java.nio.file.Path;

/** The installation's confluence-init.properties, which names the local home. */
final class ConfluenceInit {
  static final String PATH = "confluence/WEB-INF/classes/confluence-init.properties";

  private ConfluenceInit() {}

  static String content(Path home) {
    return "# This file tells Confluence where its home directory is.\n"
        + "# Directories on Windows are written with forward slashes: c:/confluence/data\n"
        + "confluence.home=" + home + "\n";
  }
}
