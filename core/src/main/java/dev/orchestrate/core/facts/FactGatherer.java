package dev.orchestrate.core.facts;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.HostKeyException;
import dev.orchestrate.core.transport.Transport;
import dev.orchestrate.core.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads what every node of a topology is, all nodes at once, each with one read-only script.
 * Changes nothing on any host.
 */
public final class FactGatherer {
  /** More threads than this gain nothing: each waits on one host's script. */
  private static final int MAX_THREADS = 16;
  private static final String REMEDY = "nothing was read from it. Check that its login user can run /bin/sh "
      + "there and, with become: sudo, sudo -n without a password";

  private final Transport transport;

  private FactGatherer(Transport transport) {
    this.transport = transport;
  }

  public static FactGatherer create(Transport transport) {
    return new FactGatherer(requireNonNull(transport, "transport"));
  }

  /**
   * The facts of every node of {@code topology}, in its node order. A node that cannot be
   * reached, whose script fails, or whose output is not the script's is {@link
   * NodeFacts#unreachable} with the reason, naming the node; the others are read all the same.
   *
   * @throws HostKeyException when a host's key is not trusted: nothing more is read from any host
   *     whose identity is in doubt, and the run stops there
   */
  public Facts gather(Topology topology) {
    try {
      transport.connect(topology.nodes().stream().map(Host::of).toList());
    } catch (HostKeyException e) {
      throw e;
    } catch (TransportException e) {
      // Some hosts cannot be used; each node's own attempt below says which, and why.
    }
    ExecutorService threads = Executors.newFixedThreadPool(Math.min(MAX_THREADS, topology.nodes().size()),
        new Named());
    try {
      Map<String, Future<NodeFacts>> pending = new LinkedHashMap<>();
      for (Node node : topology.nodes()) {
        pending.put(node.name(), threads.submit(() -> read(topology, node)));
      }
      Map<String, NodeFacts> nodes = new LinkedHashMap<>();
      pending.forEach((name, facts) -> nodes.put(name, join(facts)));
      return new Facts(nodes);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * A node's facts, or why they could not be read: a script that failed, or printed what is not
   * its output (a refused sudo, a broken shell), says so rather than reading as an empty host.
   */
  private NodeFacts read(Topology topology, Node node) {
    CommandResult result;
    try {
      result = transport.run(Host.of(node), FactScript.command(topology, node));
    } catch (HostKeyException e) {
      throw e;
    } catch (TransportException e) {
      return NodeFacts.unreachable(node.name(), e.getMessage());
    }
    if (!result.succeeded()) {
      return NodeFacts.unreachable(node.name(), "the facts script on " + node.name() + " ended with status "
          + result.exitStatus() + said(result) + "; " + REMEDY);
    }
    try {
      return FactParser.parse(node.name(), result.stdout());
    } catch (IllegalArgumentException e) {
      return NodeFacts.unreachable(node.name(), "the facts script on " + node.name() + " gave output orchestrate "
          + "cannot read: " + e.getMessage() + said(result) + "; " + REMEDY);
    }
  }

  /** What the script said last: its errors when it wrote any, else the end of its output. */
  private static String said(CommandResult result) {
    List<String> lines = result.stderr().isBlank() ? result.lastLines(3)
        : result.stderr().lines().filter(line -> !line.isBlank()).toList();
    List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
    return last.isEmpty() ? "" : " (" + String.join(" / ", last) + ")";
  }

  private static NodeFacts join(Future<NodeFacts> facts) {
    try {
      return facts.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("reading facts failed unexpectedly", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading facts", e);
    }
  }

  /** Threads named for thread dumps, and daemons so an abandoned gathering never keeps the JVM alive. */
  private static final class Named implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "facts-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
