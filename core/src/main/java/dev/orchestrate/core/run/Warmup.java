package dev.orchestrate.core.run;

import dev.orchestrate.core.compiler.PlaybookLibrary;
import dev.orchestrate.core.compiler.Procedure;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the compiler will need, made ready on a thread of its own while the hosts are reached:
 * the procedures parsed and the template engine loaded. A fresh process spends about 0.2 s of
 * class loading and parsing on them, which would otherwise come after the facts. Nothing it does
 * touches a host or changes a result: a failure here is left for the compile to meet and report.
 */
final class Warmup {
  private Warmup() {}

  static void start(PlaybookLibrary procedures) {
    Thread thread = new Thread(() -> {
      try {
        for (Procedure procedure : Procedure.values()) {
          procedures.playbook(procedure.playbook());
        }
        Templar.create(Environment.system(), Path.of(".")).render("{{ nodes | length }}", Map.of("nodes", List.of()));
      } catch (RuntimeException e) {
        // The compile parses the same playbooks and says what is wrong with them.
      }
    }, "warmup");
    thread.setDaemon(true);
    thread.start();
  }
}
