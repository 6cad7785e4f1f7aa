package dev.orchestrate.playbooks;

import dev.orchestrate.core.compiler.PlaybookLibrary;
import dev.orchestrate.core.compiler.Procedure;
import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.PlaybookParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The procedures shipped in this jar. They are unpacked once per process into a private
 * temporary folder, so that a {@code template} task finds its {@code templates/} folder beside
 * the playbook as it would for a playbook on disk, and parsed once per process: every instance
 * shares both.
 */
public final class BuiltInPlaybooks implements PlaybookLibrary {
  /** Every file the procedures need, relative to the resource folder {@code playbooks/}. */
  private static final List<String> FILES = List.of(
      "server-to-datacenter.yaml", "add-nodes.yaml", "datacenter-to-server.yaml", "rolling-restart.yaml",
      "start-nodes.yaml", "stop-nodes.yaml",
      "templates/start-synchrony.sh.j2");

  private static final Map<String, Playbook> PARSED = new ConcurrentHashMap<>();
  private static volatile Path folder;

  private BuiltInPlaybooks() {}

  public static BuiltInPlaybooks create() {
    return new BuiltInPlaybooks();
  }

  /** The names {@link #playbook} knows: one per procedure. */
  public static List<String> names() {
    return Arrays.stream(Procedure.values()).map(Procedure::playbook).toList();
  }

  @Override
  public Playbook playbook(String name) {
    if (!names().contains(name)) {
      throw new IllegalArgumentException("no built-in playbook '" + name + "'; there are " + String.join(", ", names()));
    }
    return PARSED.computeIfAbsent(name, n -> PlaybookParser.create(StandardModules.registry())
        .parse(file(n + ".yaml")).orThrow());
  }

  /** Where the playbook {@code name} lies on disk once unpacked. */
  public Path file(String name) {
    return folder().resolve(name);
  }

  private static Path folder() {
    Path unpacked = folder;
    if (unpacked == null) {
      synchronized (BuiltInPlaybooks.class) {
        if (folder == null) {
          folder = unpack();
        }
        unpacked = folder;
      }
    }
    return unpacked;
  }

  private static Path unpack() {
    try {
      Path target = Files.createTempDirectory("orchestrate-playbooks-");
      // deleteOnExit deletes in reverse order of registration: folders first, then their files.
      target.toFile().deleteOnExit();
      Files.createDirectories(target.resolve("templates")).toFile().deleteOnExit();
      for (String file : FILES) {
        Path destination = target.resolve(file);
        Files.createDirectories(destination.getParent());
        try (InputStream in = BuiltInPlaybooks.class.getResourceAsStream("/playbooks/" + file)) {
          if (in == null) {
            throw new IllegalStateException("the jar lacks playbooks/" + file);
          }
          Files.copy(in, destination);
        }
        destination.toFile().deleteOnExit();
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
