package dev.orchestrate.core.compiler;

import dev.orchestrate.core.facts.Facts;
import dev.orchestrate.core.topology.Discovery;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables playbooks see for each node, from the topology and the facts: {@code node},
 * {@code nodes}, {@code cluster}, {@code confluence}, {@code database}, {@code synchrony},
 * {@code facts}, {@code ansible_host}. Key names follow cluster.yaml ({@code node.localHome});
 * durations are seconds. Secrets are not among them: templates name a secret with {@code
 * secret('license')}, and only the module that writes it reads it.
 */
public final class TopologyVariables {
  /** The secrets a template may name with {@code secret('...')}. */
  public static final List<String> SECRET_NAMES = List.of("license", "database_password");

  /** The host and port of a JDBC URL: {@code jdbc:postgresql://db:5432/x}, {@code jdbc:sqlserver://db:1433;...}, {@code jdbc:oracle:thin:@//db:1521/x}. */
  private static final java.util.regex.Pattern JDBC_ADDRESS =
      java.util.regex.Pattern.compile("//([^/:;?\\[]+|\\[[^\\]]+\\])(?::(\\d+))?");

  private TopologyVariables() {}

  private static int defaultPort(String url) {
    if (url.startsWith("jdbc:mysql") || url.startsWith("jdbc:mariadb")) {
      return 3306;
    }
    if (url.startsWith("jdbc:sqlserver")) {
      return 1433;
    }
    if (url.startsWith("jdbc:oracle")) {
      return 1521;
    }
    return 5432;
  }

  /** Every node's variables, by node name, in start order. */
  public static Map<String, Map<String, Object>> of(Topology topology, Optional<Facts> facts) {
    Map<String, Object> shared = shared(topology);
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (Node node : topology.nodes()) {
      Map<String, Object> variables = new LinkedHashMap<>(shared);
      variables.put("node", node(node));
      variables.put("ansible_host", node.host());
      variables.put("facts", facts.map(f -> f.templateVariables(node.name())).orElse(Map.of()));
      all.put(node.name(), variables);
    }
    return all;
  }

  private static Map<String, Object> shared(Topology topology) {
    Map<String, Object> shared = new LinkedHashMap<>();
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", topology.cluster().name());
    cluster.put("edition", topology.cluster().edition().yamlName());
    shared.put("cluster", cluster);

    Map<String, Object> confluence = new LinkedHashMap<>();
    confluence.put("installDir", topology.confluence().installDir().value());
    confluence.put("localHome", topology.confluence().localHome().value());
    confluence.put("sharedHome", topology.confluence().sharedHome().map(Object::toString).orElse(null));
    confluence.put("httpPort", topology.confluence().httpPort());
    confluence.put("control", topology.confluence().control().yamlName());
    confluence.put("systemdUnit", topology.confluence().systemdUnit());
    confluence.put("startTimeout", topology.confluence().startTimeout().toSeconds());
    confluence.put("stopTimeout", topology.confluence().stopTimeout().toSeconds());
    confluence.put("discovery", discovery(topology.confluence().discovery()));
    shared.put("confluence", confluence);

    Map<String, Object> database = new LinkedHashMap<>();
    topology.database().ifPresent(db -> {
      database.put("url", db.url());
      database.put("username", db.username());
      java.util.regex.Matcher address = JDBC_ADDRESS.matcher(db.url());
      if (address.find()) {
        database.put("host", address.group(1).replaceAll("^\\[|\\]$", ""));
        database.put("port", address.group(2) != null ? Integer.parseInt(address.group(2)) : defaultPort(db.url()));
      }
    });
    shared.put("database", database);

    Map<String, Object> synchrony = new LinkedHashMap<>();
    synchrony.put("mode", topology.synchrony().mode().yamlName());
    synchrony.put("url", topology.synchrony().url().map(Object::toString).orElse(null));
    synchrony.put("port", topology.synchrony().port());
    synchrony.put("home", topology.synchrony().home().value());
    synchrony.put("hosts", topology.synchrony().hosts());
    shared.put("synchrony", synchrony);

    Map<String, Object> loadBalancer = new LinkedHashMap<>();
    loadBalancer.put("url", topology.loadBalancer().url().map(Object::toString).orElse(null));
    loadBalancer.put("kind", topology.loadBalancer().kind().map(LoadBalancer.Kind::yamlName).orElse(null));
    loadBalancer.put("admin", topology.loadBalancer().admin().map(TopologyVariables::balancerAdmin).orElse(null));
    shared.put("loadBalancer", loadBalancer);

    List<Object> nodes = new ArrayList<>();
    topology.nodes().forEach(n -> nodes.add(node(n)));
    shared.put("nodes", nodes);
    shared.put("peers", String.join(",", topology.nodes().stream().map(Node::host).toList()));
    return shared;
  }

  private static Map<String, Object> balancerAdmin(LoadBalancer.Admin admin) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("host", LoadBalancer.HOST_NAME);
    values.put("address", admin.host());
    values.put("runtimeApi", admin.runtimeApi());
    values.put("backend", admin.backend());
    values.put("drainTimeout", admin.drainTimeout().toSeconds());
    return values;
  }

  private static Map<String, Object> node(Node node) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", node.name());
    values.put("host", node.host());
    values.put("installDir", node.installDir().value());
    values.put("localHome", node.localHome().value());
    values.put("synchronyHome", node.synchronyHome().value());
    return values;
  }

  private static Map<String, Object> discovery(Discovery discovery) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("type", discovery.type().yamlName());
    values.put("interface", discovery.networkInterface().orElse(null));
    discovery.multicast().ifPresent(m -> {
      values.put("address", m.address());
      values.put("ttl", m.ttl());
    });
    discovery.aws().ifPresent(aws -> {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("region", aws.region());
      a.put("iamRole", aws.iamRole().orElse(null));
      a.put("hostHeader", aws.hostHeader().orElse(null));
      a.put("securityGroup", aws.securityGroup().orElse(null));
      a.put("tagKey", aws.tagKey().orElse(null));
      a.put("tagValue", aws.tagValue().orElse(null));
      a.put("accessKey", aws.accessKey().isPresent());
      values.put("aws", a);
    });
    return values;
  }
}
