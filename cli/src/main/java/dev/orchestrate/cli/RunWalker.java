package dev.orchestrate.cli;

import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.executor.Executor;
import dev.orchestrate.core.executor.Recorder;
import dev.orchestrate.core.executor.RunListener;
import dev.orchestrate.core.executor.RunSummary;
import dev.orchestrate.core.graph.TaskGraph;
import dev.orchestrate.core.journal.ClusterState;
import dev.orchestrate.core.journal.Journal;
import dev.orchestrate.core.module.StandardModules;
import dev.orchestrate.core.playbook.Inventory;
import dev.orchestrate.core.report.JsonEvents;
import dev.orchestrate.core.report.JunitReport;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.report.RunFolder;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One walk of a graph as apply and rollback both do it: the journal (unless a dry run), the run's
 * folder, the chosen output (live view, timestamped lines, or JSON events), the JUnit report, and
 * the recap.
 */
final class RunWalker {
  /** How a walk is reported. */
  record Output(PrintWriter out, PrintWriter human, boolean json, Optional<Path> junit) {}

  /**
   * What the walk is: the run, its graph, and what its journal header records; resuming, the
   * tasks {@code done} and what they registered.
   */
  record Walk(String verb, String runId, TaskGraph graph, Inventory inventory, Map<String, Object> header,
      boolean resumed, Set<String> done, Map<String, Map<String, Object>> registered, boolean dryRun, int parallel,
      Path playbookDirectory) {}

  private RunWalker() {}

  /** The journal's last record; when the journal is what failed, the run is reported all the same. */
  private static void finish(Journal journal, RunSummary summary, PrintWriter human) {
    try {
      journal.finish(summary.succeeded() ? "succeeded" : "failed", summary.stoppedBecause().orElse(""));
    } catch (OrchestrateException e) {
      human.println("warning: " + e.getMessage());
    }
  }

  static RunSummary walk(Walk walk, Path clusterFile, Topology topology, Transport transport, ClusterState state,
      Redactor redactor, Output output) {
    PrintWriter human = output.human();
    try (RunFolder folder = RunFolder.create(clusterFile, walk.runId(), redactor)) {
      Journal journal = walk.dryRun() ? null
          : Journal.open(transport, state, walk.runId(), walk.header(), walk.resumed(), redactor)
              .keepingResultsOf(Executor.registering(walk.graph()));
      Recorder recorder = journal == null ? Recorder.NONE : journal;
      human.println((walk.dryRun() ? "Dry run " : walk.verb() + " run ") + walk.runId() + (journal == null ? ""
          : "; journal " + journal.location()) + "; outputs in " + folder.directory());
      human.flush();
      List<RunListener> listeners = new ArrayList<>();
      listeners.add(folder);
      JsonEvents events = output.json() ? new JsonEvents(output.out(), walk.runId(), redactor) : null;
      LiveView live = events == null && System.console() != null
          ? new LiveView(human, topology.nodes().stream().map(n -> n.name()).toList()) : null;
      listeners.add(events != null ? events : live != null ? live : new ConsoleReport(human, true));
      Executor executor = Executor.create(walk.graph(), walk.inventory(), StandardModules.registry(),
              Templar.create(Environment.system(), walk.playbookDirectory()),
              Runs.context(transport, topology, walk.runId(), walk.dryRun(), walk.playbookDirectory()),
              walk.parallel(), RunListener.all(listeners))
          .recording(recorder)
          .resuming(walk.done())
          .seeding(walk.registered());
      RunSummary summary;
      try {
        summary = executor.walk();
      } finally {
        if (live != null) {
          live.close();
        }
      }
      if (journal != null) {
        finish(journal, summary, human);
      }
      output.junit().ifPresent(file -> JunitReport.write(file, walk.runId(), walk.graph(), summary, redactor));
      Map<String, Object> where = new LinkedHashMap<>();
      where.put("journal", journal == null ? null : journal.location());
      where.put("folder", folder.directory().toString());
      folder.events().summary(summary, where);
      if (events != null) {
        events.summary(summary, where);
      } else {
        new ConsoleReport(human).recap(summary);
        human.println(summary.succeeded()
            ? (walk.dryRun() ? "Dry run done: nothing was changed." : walk.verb() + " complete.")
            : walk.verb() + " failed: the journal " + (journal == null ? "" : journal.location() + " ")
                + "says what was done.");
      }
      human.flush();
      return summary;
    }
  }
}
