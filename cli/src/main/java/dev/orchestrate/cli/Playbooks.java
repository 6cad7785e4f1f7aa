package dev.orchestrate.cli;

import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.playbook.Playbook;
import dev.orchestrate.core.playbook.PlaybookParser;
import dev.orchestrate.core.run.Procedures;
import dev.orchestrate.playbooks.BuiltInPlaybooks;
import java.nio.file.Files;
import java.nio.file.Path;

/** How commands find a playbook: a file, or the name of a built-in procedure ({@code rolling-restart}). */
final class Playbooks {
  private Playbooks() {}

  static Playbook load(Path written) {
    String name = written.toString();
    if (!Files.exists(written) && BuiltInPlaybooks.names().contains(name)) {
      return BuiltInPlaybooks.create().playbook(name);
    }
    return PlaybookParser.create(StandardModules.registry()).parse(written).orThrow();
  }

  /** The built-in procedures, for the core's apply and plan. */
  static Procedures procedures() {
    BuiltInPlaybooks builtIn = BuiltInPlaybooks.create();
    return new Procedures(builtIn, builtIn.file("server-to-datacenter.yaml").getParent());
  }
}
