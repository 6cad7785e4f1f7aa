package dev.orchestrate.core.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.balancer.BalancerSpec.Backend;
import dev.orchestrate.core.diagnostic.Diagnostic;
import dev.orchestrate.core.diagnostic.InvalidFileException;
import dev.orchestrate.core.topology.LoadBalancer;
import dev.orchestrate.core.topology.RemotePath;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BalancerSpecTest {
  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("cluster.yaml");
  }

  @Test
  void everyNodeIsABackendAndManagedSynchronyIsOnEachNodes8091() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, "loadBalancer:\n  url: http://10.0.0.5:8081\n  kind: haproxy\n");

    assertThat(spec.kind()).isEqualTo(LoadBalancer.Kind.HAPROXY);
    assertThat(spec.listener().address()).contains("10.0.0.5");
    assertThat(spec.listener().port()).isEqualTo(8081);
    assertThat(spec.listener().https()).isFalse();
    assertThat(spec.confluence().name()).isEqualTo("confluence");
    assertThat(spec.confluence().backends()).containsExactly(new Backend("node1", "10.0.0.11", "10.0.0.11", 8090),
        new Backend("node2", "10.0.0.12", "10.0.0.12", 8090), new Backend("node3", "10.0.0.13", "10.0.0.13", 8090));
    assertThat(spec.confluence().healthUri()).isEqualTo("/status");
    assertThat(spec.confluence().healthyBody()).isEqualTo("RUNNING");
    assertThat(spec.confluence().cookie()).isEqualTo("CONFLUENCE_NODE");
    assertThat(spec.synchrony().orElseThrow().backends()).extracting(Backend::endpoint)
        .containsExactly("10.0.0.11:8091", "10.0.0.12:8091", "10.0.0.13:8091");
    assertThat(spec.synchrony().orElseThrow().healthUri()).isEqualTo("/synchrony/heartbeat");
    assertThat(spec.runtimeApi()).isEmpty();
  }

  @Test
  void aNamedHostListensOnEveryAddressAndHttpsTakesTheCertificateAndTheDefaultPort() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, """
        loadBalancer:
          url: https://wiki.example.com/confluence/
          kind: nginx
          certificate: /etc/nginx/tls/wiki.crt
          certificateKey: /etc/nginx/tls/wiki.key
        """);

    assertThat(spec.listener().address()).isEmpty();
    assertThat(spec.listener().endpoint()).isEqualTo(":443");
    assertThat(spec.listener().serverName()).isEqualTo("wiki.example.com");
    assertThat(spec.listener().tls()).contains(new BalancerSpec.Tls(RemotePath.of("/etc/nginx/tls/wiki.crt"),
        Optional.of(RemotePath.of("/etc/nginx/tls/wiki.key"))));
    assertThat(spec.listener().contextPath()).isEqualTo("/confluence");
    assertThat(spec.confluence().healthUri()).isEqualTo("/confluence/status");
    assertThat(spec.synchrony().orElseThrow().healthUri()).as("Synchrony keeps its own path").isEqualTo(
        "/synchrony/heartbeat");
  }

  @Test
  void standaloneSynchronyIsOnItsHostsAtItsPortAndOffMeansNone() throws Exception {
    BalancerSpec standalone = Clusters.spec(dir, """
        synchrony:
          mode: standalone
          url: https://wiki.example.com/synchrony
          port: 8095
          hosts: [node3, node1]
        loadBalancer:
          url: http://wiki.example.com
          kind: apache
        """);
    BalancerSpec off = Clusters.spec(dir, "synchrony:\n  mode: \"off\"\nloadBalancer:\n  url: http://wiki.example.com\n"
        + "  kind: apache\n");

    assertThat(standalone.synchrony().orElseThrow().backends()).extracting(Backend::name, Backend::endpoint)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("node3", "10.0.0.13:8095"),
            org.assertj.core.groups.Tuple.tuple("node1", "10.0.0.11:8095"));
    assertThat(standalone.listener().port()).isEqualTo(80);
    assertThat(off.synchrony()).isEmpty();
  }

  @Test
  void theAdminsBackendNamesThePoolAndItsRuntimeApiIsKept() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, """
        loadBalancer:
          url: http://wiki.example.com
          kind: haproxy
          admin:
            host: 10.0.0.5
            runtimeApi: 127.0.0.1:9999
            backend: wiki_nodes
        """);

    assertThat(spec.confluence().name()).isEqualTo("wiki_nodes");
    assertThat(spec.runtimeApi()).contains("127.0.0.1:9999");
  }

  @Test
  void noKindAndNoUrlAreBothReportedAtTheLoadBalancerKey() throws Exception {
    var topology = Clusters.load(dir, "loadBalancer:\n  certificate: /etc/x.pem\n");

    assertThatThrownBy(() -> BalancerSpec.of(topology, file(), BalancerSpec.HostResolver.system()))
        .isInstanceOfSatisfying(InvalidFileException.class, e -> assertThat(e.diagnostics())
            .extracting(Diagnostic::toString)
            .containsExactly(
                dir.resolve("cluster.yaml") + ":11:1: error: 'loadBalancer.kind' is not set, so there is no balancer"
                    + " to write a configuration for (write loadBalancer.kind: nginx, haproxy or apache)",
                dir.resolve("cluster.yaml") + ":11:1: error: 'loadBalancer.url' is not set, so there is no address"
                    + " to listen on (write loadBalancer.url: the URL users reach the cluster at, such as"
                    + " https://wiki.example.com)"));
  }

  @Test
  void withoutALoadBalancerSectionTheFilesStartIsBlamed() throws Exception {
    var topology = Clusters.load(dir, "");

    assertThatThrownBy(() -> BalancerSpec.of(topology, file(), BalancerSpec.HostResolver.system()))
        .isInstanceOfSatisfying(InvalidFileException.class, e -> assertThat(e.getMessage())
            .startsWith(dir.resolve("cluster.yaml") + ":1:1: error: 'loadBalancer.kind' is not set"));
  }

  @Test
  void nginxLooksNamedNodesUpOnceAndANameThatDoesNotResolveIsAnErrorAtItsHost() throws Exception {
    String nodes = """
        nodes:
          - name: node1
            host: wiki1.corp.example
          - name: node2
            host: wiki2.corp.example
        """;
    BalancerSpec.HostResolver resolver = host -> {
      if (!host.equals("wiki1.corp.example")) {
        throw new UnknownHostException(host);
      }
      return "10.1.0.1";
    };
    var nginx = Clusters.load(dir, "loadBalancer:\n  url: http://wiki.example.com\n  kind: nginx\n", nodes);
    var haproxy = Clusters.load(dir, "loadBalancer:\n  url: http://wiki.example.com\n  kind: haproxy\n", nodes);

    assertThatThrownBy(() -> BalancerSpec.of(nginx, file(), resolver))
        .isInstanceOfSatisfying(InvalidFileException.class, e -> assertThat(e.diagnostics()).singleElement()
            .extracting(Diagnostic::toString).asString()
            .startsWith(dir.resolve("cluster.yaml") + ":18:5: error: nginx tells the nodes apart by the address that"
                + " answered, and 'wiki2.corp.example' does not resolve here"));
    assertThat(BalancerSpec.of(haproxy, file(), resolver).confluence().backends())
        .extracting(Backend::endpoint).as("HAProxy resolves names itself")
        .containsExactly("wiki1.corp.example:8090", "wiki2.corp.example:8090");
    Map<String, String> all = Map.of("wiki1.corp.example", "10.1.0.1", "wiki2.corp.example", "10.1.0.2");
    List<Backend> resolved = BalancerSpec.of(nginx, file(), host -> all.get(host)).confluence().backends();
    assertThat(resolved).extracting(Backend::endpoint).containsExactly("10.1.0.1:8090", "10.1.0.2:8090");
    assertThat(resolved).allMatch(Backend::resolved);
  }

  @Test
  void anIpv6NodeIsWrittenInBrackets() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, "loadBalancer:\n  url: http://[fd00::5]:8081\n  kind: nginx\n", """
        nodes:
          - name: node1
            host: fd00::11
        """);

    assertThat(spec.listener().endpoint()).isEqualTo("[fd00::5]:8081");
    assertThat(spec.confluence().backends().get(0).endpoint()).isEqualTo("[fd00::11]:8090");
    assertThat(spec.confluence().backends().get(0).resolved()).isFalse();
  }
}
