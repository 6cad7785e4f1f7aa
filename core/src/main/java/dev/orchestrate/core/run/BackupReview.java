package dev.orchestrate.core.run;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.plan.PlanWriter;
import dev.orchestrate.core.report.JsonEvents;
import dev.orchestrate.core.report.Redactor;
import dev.orchestrate.core.rollback.BackupCheck;
import dev.orchestrate.core.rollback.ChainRollback;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rollback --dry-run}: the rollback's plan, then every backup it would read checked where it
 * lies ({@link BackupCheck}) — nothing changed, no lock taken. Exit 0 when every backup is there
 * and sound; 1 (as for a task that failed) naming each one that is not, since the rollback would
 * fail at the step that reads it. With {@code --output json}, one {@code backup_check} event per
 * backup and a {@code summary}, on standard output.
 */
final class BackupReview {
  private final PrintWriter out;
  private final PrintWriter human;
  private final boolean json;
  private final Redactor redactor;

  BackupReview(Output output, Redactor redactor) {
    this.out = output.out();
    this.human = output.human();
    this.json = output.json();
    this.redactor = redactor;
  }

  ExitCode check(ChainRollback prepared, Topology topology, Transport transport) {
    prepared.notes().forEach(human::println);
    human.print(PlanWriter.text(prepared.plan()));
    String runId = RunId.next();
    List<BackupCheck.Finding> findings = BackupCheck.check(prepared.backups(), prepared.found(),
        run -> Hosts.context(transport, topology, run, true, Path.of(".")));
    JsonEvents events = json ? new JsonEvents(out, runId, redactor) : null;
    human.println(findings.isEmpty() ? "\nThe rollback reads no backup." : "\nThe backups the rollback would read:");
    for (BackupCheck.Finding finding : findings) {
      human.println("  " + (finding.sound() ? "ok       " : "PROBLEM  ") + finding.backup().kind() + " "
          + finding.backup().where() + " (run " + finding.backup().run() + "): " + finding.said());
      if (events != null) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("node", finding.backup().node());
        fields.put("path", finding.backup().path());
        fields.put("kind", finding.backup().kind());
        fields.put("of_run", finding.backup().run());
        fields.put("sound", finding.sound());
        fields.put("message", finding.said());
        events.event("backup_check", fields);
      }
    }
    long problems = findings.stream().filter(finding -> !finding.sound()).count();
    ExitCode code = problems == 0 ? ExitCode.OK : ExitCode.TASK_FAILED;
    human.println(problems == 0
        ? "Dry run done: every backup the rollback would read is there and sound (" + findings.size() + " checked)."
        + " Nothing was changed."
        : "Dry run: " + problems + " of " + findings.size() + " backup(s) the rollback would read are missing or"
        + " unsound (PROBLEM above); the rollback would fail at the step that reads them. Nothing was changed.");
    human.flush();
    if (events != null) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("exit_code", code.code());
      fields.put("changed", false);
      fields.put("checked", findings.size());
      fields.put("problems", problems);
      events.event("summary", fields);
    }
    return code;
  }
}
