package dev.orchestrate.core.journal;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a cluster keeps what orchestrate knows of it — journals of its runs, the chain of runs a
 * rollback undoes, and the lock — on the cluster itself, so a CI runner, a laptop and a rerun all
 * see the same: in {@code orchestrate/clusters/NAME/} beside one node's local home (for the
 * default home, {@code /var/atlassian/application-data/orchestrate/clusters/NAME}), NAME being
 * {@code cluster.name}.
 *
 * <p>It is found by the cluster's name, not by the order of {@code nodes:}: every command looks
 * on every node ({@link #find}). A cluster without state gets it on the node that holds its
 * existing installation — the first node in file order with Confluence installed — which no
 * procedure removes.
 *
 * <p>The first design placed it in the shared home. It is not there because the procedures move
 * the shared home's contents themselves (back into the local home, on the way to Server), and a
 * shared home does not exist before the first migration; the folder beside a local home is
 * touched by no procedure.
 *
 * <p>Clusters managed before the state was named after the cluster keep it where it was, in
 * {@code orchestrate/} itself beside the then first node's home ({@code runs/}, {@code last-run},
 * {@code lock/}): it is read and written in place, so an older orchestrate still meets the same
 * lock. Such a folder counts as this cluster's when the journal of its last run names this
 * cluster (or names none).
 */
public record ClusterState(Host host, RemotePath directory) {
  private static final String STATE = "STATE";
  private static final String LEGACY = "LEGACY";
  private static final String INSTALLED = "INSTALLED";

  public ClusterState {
    requireNonNull(host, "host");
    requireNonNull(directory, "directory");
  }

  /**
   * The cluster's state: where a node holds it, or where it is to be created.
   *
   * @throws OrchestrateException with exit code 4 when two nodes hold state of this cluster
   */
  public static ClusterState find(Transport transport, Topology topology) {
    List<Node> nodes = topology.nodes();
    List<String> answers = ask(transport, nodes, topology.cluster().name());
    List<ClusterState> holders = new ArrayList<>();
    Node installed = null;
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String answer = answers.get(i);
      holderOn(node, answer, topology.cluster().name()).ifPresent(holders::add);
      if (installed == null && answer.lines().anyMatch(INSTALLED::equals)) {
        installed = node;
      }
    }
    if (holders.size() > 1) {
      throw new OrchestrateException(ExitCode.INVALID_INPUT, "the state of cluster '" + topology.cluster().name()
          + "' (its journals and lock) is on " + holders.size() + " nodes: " + String.join(" and ",
          holders.stream().map(ClusterState::describe).toList()) + ". orchestrate keeps it on one node only. Keep the"
          + " one whose runs/ holds the latest journals, and on the other node move the folder away by hand (mv DIR"
          + " DIR.old; for a folder of the previous layout, move its runs/, last-run and lock/ away); then run the"
          + " command again.");
    }
    if (!holders.isEmpty()) {
      return holders.get(0);
    }
    Node home = installed == null ? topology.first() : installed;
    return new ClusterState(Host.of(home), base(home).resolve("clusters").resolve(folderName(topology.cluster().name())));
  }

  /** {@code node1:/var/atlassian/application-data/orchestrate/clusters/wiki}, for messages. */
  public String describe() {
    return host.name() + ":" + directory;
  }

  private static List<String> ask(Transport transport, List<Node> nodes, String cluster) {
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size(), task -> {
      Thread thread = new Thread(task, "state-lookup");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<CompletableFuture<String>> answers = nodes.stream().map(node -> CompletableFuture.supplyAsync(() -> {
        CommandResult result = transport.run(Host.of(node), Command.of(script(node, cluster)));
        if (!result.succeeded()) {
          throw new OrchestrateException(ExitCode.UNREACHABLE, "cannot look for the cluster's state on " + node.name()
              + ": " + result.stderr().strip());
        }
        return result.stdout();
      }, pool)).toList();
      return answers.stream().map(CompletableFuture::join).toList();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One round trip per node: its state folder, a folder of the previous layout (with its cluster), its installation. */
  private static String script(Node node, String cluster) {
    String base = Shell.quote(base(node).value());
    return "base=" + base + "\n"
        + "[ -d \"$base\"/clusters/" + Shell.quote(folderName(cluster)) + " ] && echo " + STATE + "\n"
        + "[ -f \"$base/last-run\" ] && echo \"" + LEGACY + " $(head -n 1 \"$base/runs/$(cat \"$base/last-run\").jsonl\""
        + " 2>/dev/null | grep -o '\"cluster\":\"[^\"]*\"' | head -n 1)\"\n"
        + "[ -f " + Shell.quote(node.installDir().resolve("bin/start-confluence.sh").value()) + " ] && echo " + INSTALLED
        + "\ntrue\n";
  }

  /** The state {@code node} holds, read from its answer to {@link #script}. */
  static Optional<ClusterState> holderOn(Node node, String answer, String cluster) {
    List<String> lines = answer.lines().map(String::strip).toList();
    if (lines.contains(STATE)) {
      return Optional.of(new ClusterState(Host.of(node), base(node).resolve("clusters")
          .resolve(folderName(cluster))));
    }
    String mine = "\"cluster\":" + Json.string(cluster);
    boolean legacy = lines.stream().filter(l -> l.startsWith(LEGACY)).map(l -> l.substring(LEGACY.length()).strip())
        .anyMatch(named -> named.isEmpty() || named.equals(mine));
    return legacy ? Optional.of(new ClusterState(Host.of(node), base(node))) : Optional.empty();
  }

  /** {@code orchestrate/} beside the node's local home. */
  private static RemotePath base(Node node) {
    String home = node.localHome().value();
    return RemotePath.of(home.substring(0, Math.max(1, home.lastIndexOf('/')))).resolve("orchestrate");
  }

  /**
   * The cluster's name as one path segment: letters, digits, {@code -} and {@code _} as they are,
   * every other byte as {@code %XX}, so two names never share a folder and none climbs out of it.
   */
  static String folderName(String cluster) {
    StringBuilder name = new StringBuilder();
    for (byte b : cluster.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        name.append(c);
      } else {
        name.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return name.toString();
  }

  RemotePath runs() {
    return directory.resolve("runs");
  }

  RemotePath journal(String runId) {
    return runs().resolve(runId + ".jsonl");
  }

  RemotePath lastRun() {
    return directory.resolve("last-run");
  }

  RemotePath chain() {
    return directory.resolve("chain");
  }

  RemotePath lock() {
    return directory.resolve("lock");
  }
}
