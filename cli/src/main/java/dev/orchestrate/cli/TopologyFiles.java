package dev.orchestrate.cli;

import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.topology.TopologyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;

/** How every command that takes a cluster.yaml reads it: warnings to stderr, errors end the run with exit 4. */
final class TopologyFiles {
  private TopologyFiles() {}

  static Topology load(Path file, PrintWriter err) {
    TopologyLoader.Result result = TopologyLoader.create(Environment.system()).load(file);
    if (result.isValid()) {
      result.diagnostics().forEach(d -> err.println(d));
    }
    return result.orThrow();
  }

  static String summary(Path file, TopologyLoader.Result result) {
    long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
    long warnings = result.diagnostics().size() - errors;
    String counted = count(errors, "error") + ", " + count(warnings, "warning");
    return result.topology()
        .map(t -> file + ": valid: " + t.cluster().edition().yamlName() + " cluster '" + t.cluster().name()
            + "' of " + count(t.nodes().size(), "node") + " (" + count(warnings, "warning") + ")")
        .orElse(file + ": invalid: " + counted);
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
