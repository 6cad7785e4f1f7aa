package dev.orchestrate.core.run;

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
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One walk of a graph as apply and rollback both do it: the journal (unless a dry run), the run's
 * folder, the output (the caller's {@link Display}, or JSON events), the JUnit report, and the
 * recap. What the walk is: the run, its graph, and what its journal header records; resuming, the
 * tasks {@code done} and what they registered.
 *
 * @param verb what the run is called in its first and last lines: {@code Apply}, {@code Rollback}
 */
record Walk(String verb, String runId, TaskGraph graph, Inventory inventory, Map<String, Object> header,
    boolean resumed, Set<String> done, Map<String, Map<String, Object>> registered, boolean dryRun, int parallel,
    Path playbookDirectory) {

  /** Walks the graph on the cluster of {@code clusterFile}; a failed task is in the summary, not thrown. */
  RunSummary walk(Path clusterFile, Topology topology, Transport transport, ClusterState state, Redactor redactor,
      Output output, Optional<Path> junit) {
    PrintWriter human = output.human();
    try (RunFolder folder = RunFolder.create(clusterFile, runId, redactor)) {
      Journal journal = dryRun ? null
          : Journal.open(transport, state, runId, header, resumed, redactor)
              .keepingResultsOf(Executor.registering(graph));
      Recorder recorder = journal == null ? Recorder.NONE : journal;
      human.println((dryRun ? "Dry run " : verb + " run ") + runId + (journal == null ? ""
          : "; journal " + journal.location()) + "; outputs in " + folder.directory());
      human.flush();
      JsonEvents events = output.json() ? new JsonEvents(output.out(), runId, redactor) : null;
      Display.View view = events != null ? null
          : output.display().open(human, topology.nodes().stream().map(Node::name).toList());
      Executor executor = Executor.create(graph, inventory, StandardModules.registry(),
              Templar.create(Environment.system(), playbookDirectory),
              Hosts.context(transport, topology, runId, dryRun, playbookDirectory),
              parallel, RunListener.all(List.of(folder, events != null ? events : view)))
          .recording(recorder)
          .resuming(done)
          .seeding(registered);
      RunSummary summary;
      try {
        summary = executor.walk();
      } finally {
        if (view != null) {
          view.end();
        }
      }
      if (journal != null) {
        finish(journal, summary, human);
      }
      junit.ifPresent(file -> JunitReport.write(file, runId, graph, summary, redactor));
      Map<String, Object> where = new LinkedHashMap<>();
      where.put("journal", journal == null ? null : journal.location());
      where.put("folder", folder.directory().toString());
      folder.events().summary(summary, where);
      if (events != null) {
        events.summary(summary, where);
      } else {
        view.recap(summary);
        human.println(summary.succeeded()
            ? (dryRun ? "Dry run done: nothing was changed." : verb + " complete.")
            : verb + " failed: the journal " + (journal == null ? "" : journal.location() + " ")
                + "says what was done.");
      }
      human.flush();
      return summary;
    }
  }

  /** The journal's last record; when the journal is what failed, the run is reported all the same. */
  private static void finish(Journal journal, RunSummary summary, PrintWriter human) {
    try {
      journal.finish(summary.succeeded() ? "succeeded" : "failed", summary.stoppedBecause().orElse(""));
    } catch (OrchestrateException e) {
      human.println("warning: " + e.getMessage());
    }
  }
}
