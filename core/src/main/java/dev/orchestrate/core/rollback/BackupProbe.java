package dev.orchestrate.core.rollback;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.plan.RollbackBasis;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads each backup a rollback relies on where it lies, changing nothing: its size and SHA-256,
 * and for an archive the checksums its manifest lists and the manifest's SHA-256. The digests are
 * computed on the host, so only they travel, never an archive (which holds confluence.cfg.xml and
 * its database password). One command per node.
 *
 * <p>Digesting an archive reads all of it: for a home of 50 GB that is minutes, at planning and
 * again before a saved plan runs. It is what lets {@code rollback --plan} refuse an archive changed
 * since a person reviewed the plan, rather than find out in the rollback's last step.
 */
public final class BackupProbe {
  /** An archive of a large home takes long to read. */
  private static final Duration TIMEOUT = Duration.ofHours(12);

  private static final String FUNCTIONS = """
      measure() {
        if [ -f "$2" ] && [ -r "$2" ]; then
          echo "size $1 $(wc -c < "$2")"
          echo "sha256 $1 $(sha256sum < "$2" | cut -c1-64)"
        fi
      }
      count() {
        if [ -f "$2" ] && [ -r "$2" ]; then echo "checksums $1 $(grep -c -E '^[0-9a-f]{64} [ *]' "$2")"; fi
      }
      """;

  private BackupProbe() {}

  /**
   * Every one of {@code needs} as found on its node, in the same order.
   *
   * @throws OrchestrateException with exit code 3 when a node's command cannot run
   */
  public static List<RollbackBasis.Backup> measure(Transport transport, Topology topology, List<BackupNeed> needs) {
    Map<String, List<Integer>> byNode = new LinkedHashMap<>();
    for (int i = 0; i < needs.size(); i++) {
      byNode.computeIfAbsent(needs.get(i).node(), node -> new ArrayList<>()).add(i);
    }
    Map<String, String> found = new HashMap<>();
    byNode.forEach((node, indexes) -> found.putAll(read(transport, topology, node, needs, indexes)));
    List<RollbackBasis.Backup> backups = new ArrayList<>();
    for (int i = 0; i < needs.size(); i++) {
      BackupNeed need = needs.get(i);
      String sha256 = found.getOrDefault("sha256 " + i, "");
      long bytes = sha256.isEmpty() ? -1 : Long.parseLong(found.getOrDefault("size " + i, "-1"));
      String manifest = found.getOrDefault("sha256 " + i + "m", "");
      long checksums = manifest.isEmpty() ? -1 : Long.parseLong(found.getOrDefault("checksums " + i + "m", "-1"));
      backups.add(need.found(bytes, sha256, checksums, manifest));
    }
    return backups;
  }

  /** The node's answers keyed by what they are and the need's index ({@code "size 3"}, {@code "sha256 3m"}). */
  private static Map<String, String> read(Transport transport, Topology topology, String node, List<BackupNeed> needs,
      List<Integer> indexes) {
    StringBuilder script = new StringBuilder(FUNCTIONS);
    for (int i : indexes) {
      BackupNeed need = needs.get(i);
      script.append("measure ").append(i).append(' ').append(Shell.quote(need.path())).append('\n');
      if (need.isArchive()) {
        script.append("measure ").append(i).append("m ").append(Shell.quote(need.companion())).append('\n')
            .append("count ").append(i).append("m ").append(Shell.quote(need.companion())).append('\n');
      }
    }
    script.append("true\n");
    Host host = Host.of(topology.node(node).orElseThrow(() -> new OrchestrateException(ExitCode.INVALID_INPUT,
        "a run to roll back kept backups on node " + node + ", which this cluster.yaml does not list")));
    CommandResult result = transport.run(host, Command.of(script.toString()).withTimeout(TIMEOUT));
    if (!result.succeeded()) {
      throw new OrchestrateException(ExitCode.UNREACHABLE, "cannot read the backups the rollback relies on, on "
          + node + ": " + result.stderr().strip());
    }
    Map<String, String> found = new HashMap<>();
    result.stdout().lines().map(String::strip).forEach(line -> {
      String[] fields = line.split(" ");
      if (fields.length == 3) {
        found.put(fields[0] + " " + fields[1], fields[2]);
      }
    });
    return found;
  }
}
