package dev.orchestrate.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.facts.ControllerProbes;
import dev.orchestrate.core.facts.FactGatherer;
import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.facts.NodeFacts;
import dev.orchestrate.core.module.balancer.RuntimeApi;
import dev.orchestrate.core.module.balancer.ServerStat;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Transport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code status}: what each node is now, read-only — its facts, what this machine sees of it (the
 * cluster ports that answer here, Synchrony's heartbeat) and, with {@code loadBalancer.admin},
 * what HAProxy thinks of it — as text or JSON.
 */
public final class Status {
  private Status() {}

  /**
   * Reads every node at once and writes what it found to {@code out}; the probes from this machine
   * run while the facts are read.
   *
   * @return {@link ExitCode#OK}, or {@link ExitCode#UNREACHABLE} when a node could not be reached
   */
  public static ExitCode show(Topology topology, Transport transport, PrintWriter out, boolean json) {
    CompletableFuture<List<ControllerProbes.NodeView>> probes = ControllerProbes.everything(topology);
    Facts facts = FactGatherer.create(transport).gather(topology);
    Optional<BalancerView> balancer = topology.loadBalancer().admin().map(admin -> BalancerView.read(transport, admin));
    Map<String, ControllerProbes.NodeView> seen = new LinkedHashMap<>();
    probes.join().forEach(view -> seen.put(view.node(), view));
    if (json) {
      out.println(json(facts, seen, balancer));
    } else {
      for (Node node : topology.nodes()) {
        NodeFacts nodeFacts = facts.node(node.name());
        out.println(describe(node, nodeFacts));
        seenFromHere(nodeFacts, seen.get(node.name()), balancer, node.name()).forEach(out::println);
      }
      balancer.flatMap(BalancerView::problem).ifPresent(problem -> out.println("balancer: " + problem));
      ControllerProbes.warnings(topology, List.copyOf(seen.values())).forEach(w -> out.println("warning: " + w));
    }
    out.flush();
    boolean allReachable = facts.nodes().values().stream().allMatch(NodeFacts::reachable);
    return allReachable ? ExitCode.OK : ExitCode.UNREACHABLE;
  }

  /** The lines of what this machine and the balancer see of one node. */
  private static List<String> seenFromHere(NodeFacts facts, ControllerProbes.NodeView view,
      Optional<BalancerView> balancer, String node) {
    List<String> lines = new ArrayList<>();
    boolean serving = facts.reachable() && facts.state().isPresent();
    view.synchronyHeartbeat().filter(beat -> serving || beat.ok()).ifPresent(beat -> lines.add(INDENT + "synchrony "
        + (beat.ok() ? "heartbeat OK" : "heartbeat failed: " + beat.answer()) + " (" + beat.url() + ")"));
    balancer.flatMap(b -> b.server(node)).ifPresent(server -> lines.add(INDENT + "balancer: " + server.status()
        + ", " + server.sessions() + " session(s) (HAProxy " + server.backend() + "/" + server.server() + ")"));
    balancer.filter(b -> b.problem().isEmpty() && b.server(node).isEmpty())
        .ifPresent(b -> lines.add(INDENT + "balancer: no server " + node + " in HAProxy's backend " + b.backend()));
    return lines;
  }

  private static String json(Facts facts, Map<String, ControllerProbes.NodeView> seen, Optional<BalancerView> balancer) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(facts.toJson());
      ObjectNode probes = root.putObject("seen_from_here");
      seen.forEach((node, view) -> {
        ObjectNode one = probes.putObject(node);
        ArrayNode ports = one.putArray("open_cluster_ports");
        view.openClusterPorts().forEach(ports::add);
        view.synchronyHeartbeat().ifPresent(beat -> {
          ObjectNode heartbeat = one.putObject("synchrony_heartbeat");
          heartbeat.put("url", beat.url().toString());
          heartbeat.put("ok", beat.ok());
          heartbeat.put("answer", beat.answer());
        });
        balancer.flatMap(b -> b.server(node)).ifPresent(server -> {
          ObjectNode lb = one.putObject("balancer");
          lb.put("backend", server.backend());
          lb.put("server", server.server());
          lb.put("status", server.status());
          lb.put("sessions", server.sessions());
        });
      });
      balancer.flatMap(BalancerView::problem).ifPresent(problem -> root.put("balancer_problem", problem));
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the status as JSON", e);
    }
  }

  /** HAProxy's view of the servers of the cluster's backend, read once through its runtime API. */
  private record BalancerView(String backend, List<ServerStat> servers, Optional<String> problem) {
    static BalancerView read(Transport transport, LoadBalancer.Admin admin) {
      Host host = new Host(LoadBalancer.HOST_NAME, admin.host(), admin.ssh());
      RuntimeApi api = new RuntimeApi(admin.runtimeApi());
      try {
        CommandResult result = transport.run(host, api.send("show stat"));
        Optional<String> answer = RuntimeApi.answer(result).filter(ServerStat::isStatAnswer);
        if (answer.isEmpty()) {
          return new BalancerView(admin.backend(), List.of(), Optional.of("HAProxy's runtime API at " + admin.host()
              + ":" + admin.runtimeApi() + " did not answer: " + RuntimeApi.failure(result)));
        }
        List<ServerStat> servers = ServerStat.parse(answer.get()).stream()
            .filter(s -> s.backend().equals(admin.backend())).toList();
        return new BalancerView(admin.backend(), servers, Optional.empty());
      } catch (RuntimeException e) {
        return new BalancerView(admin.backend(), List.of(), Optional.of("cannot reach " + host.describe() + ": "
            + e.getMessage()));
      }
    }

    Optional<ServerStat> server(String node) {
      return servers.stream().filter(s -> s.server().equals(node)).findFirst();
    }
  }

  private static final String INDENT = "         ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String describe(Node node, NodeFacts facts) {
    String head = String.format("%-8s %s", node.name(), node.host());
    if (!facts.reachable()) {
      return head + "  UNREACHABLE: " + facts.unreachableReason().orElse("");
    }
    if (!facts.installed()) {
      return head + "  no Confluence at " + node.installDir();
    }
    StringBuilder line = new StringBuilder(head).append("  ")
        .append(facts.state().orElse(facts.pidAlive() ? "starting (no answer yet)" : "stopped"))
        .append(facts.clustered() ? ", Data Center node of '" + facts.clusterName().orElse("?") + "'" : ", Server (not clustered)")
        .append(", license ").append(facts.licenseEdition().name().toLowerCase(java.util.Locale.ROOT));
    facts.buildNumber().ifPresent(build -> line.append(", build ").append(build));
    line.append("\n         install ").append(node.installDir()).append(", home ").append(node.localHome());
    facts.sharedHome().ifPresent(shared -> line.append(", shared home ").append(shared));
    if (facts.clustered() && !facts.peers().isEmpty()) {
      line.append("\n         peers ").append(String.join(", ", facts.peers()));
    }
    return line.toString();
  }
}
