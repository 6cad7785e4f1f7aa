package dev.orchestrate.core.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The essentials of HAProxy's file, and the names the draining code relies on. */
class HaproxyConfigTest {
  @TempDir
  Path dir;

  @Test
  void theNodesBackendChecksForRunningAndInsertsItsOwnCookie() throws Exception {
    String snippet = new HaproxyConfig().snippet(Clusters.spec(dir,
        "loadBalancer:\n  url: http://10.0.0.5:8082\n  kind: haproxy\n"));

    assertThat(snippet).contains("""
        backend confluence
            mode http
            balance roundrobin
            timeout connect 5s
            timeout server 300s
            timeout check 5s
            cookie CONFLUENCE_NODE insert indirect nocache httponly
            option httpchk
            http-check send meth GET uri /status
            http-check expect string RUNNING
            option redispatch 1
            retries 3
            retry-on conn-failure empty-response 503
            default-server check inter 10s fastinter 2s fall 2 rise 2
            server node1 10.0.0.11:8090 cookie node1
            server node2 10.0.0.12:8090 cookie node2
            server node3 10.0.0.13:8090 cookie node3
        """, "bind 10.0.0.5:8082\n", "acl synchrony path /synchrony\n", "acl synchrony path_beg /synchrony/\n",
        "use_backend synchrony if synchrony", "default_backend confluence");
    assertThat(snippet).contains("backend synchrony", "timeout tunnel 3600s", "http-check send meth GET uri"
        + " /synchrony/heartbeat", "http-check expect string OK", "cookie SYNCHRONY_NODE insert indirect nocache",
        "server node2 10.0.0.12:8091 cookie node2");
    assertThat(snippet).doesNotContain("\nglobal", "\ndefaults", "stats socket");
  }

  @Test
  void withAdminTheBackendIsNamedAsToldAndTheRuntimeApiIsDeclared() throws Exception {
    String admin = "  admin:\n    host: 10.0.0.5\n    runtimeApi: %s\n    backend: wiki\n";
    String base = "loadBalancer:\n  url: http://wiki.example.com\n  kind: haproxy\n";
    String socket = new HaproxyConfig().complete(Clusters.spec(dir, base + admin.formatted("/run/haproxy/admin.sock")));
    String tcp = new HaproxyConfig().complete(Clusters.spec(dir, base + admin.formatted("127.0.0.1:9999")));
    String none = new HaproxyConfig().complete(Clusters.spec(dir, base));

    assertThat(socket).contains("    stats socket /run/haproxy/admin.sock mode 660 level admin\n", "backend wiki\n",
        "default_backend wiki\n", "server node1 10.0.0.11:8090 cookie node1");
    assertThat(tcp).contains("    stats socket ipv4@127.0.0.1:9999 level admin\n");
    assertThat(none).contains("backend confluence\n", "    # stats socket /run/haproxy/admin.sock mode 660 level admin")
        .doesNotContainPattern("(?m)^\\s+stats socket");
    assertThat(HaproxyConfig.statsSocket("lb.internal:9999")).isEqualTo("stats socket lb.internal:9999 level admin");
  }

  @Test
  void theCompleteFileHasGlobalAndDefaultsAndHttpsBindsWithTheCertificate() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, """
        loadBalancer:
          url: https://wiki.example.com
          kind: haproxy
          certificate: /etc/haproxy/certs/wiki.pem
        """);
    String complete = new HaproxyConfig().complete(spec);

    assertThat(complete).startsWith("# The whole HAProxy configuration").contains("global\n", "    user haproxy\n",
        "defaults\n", "    bind :443 ssl crt /etc/haproxy/certs/wiki.pem\n", "insert indirect nocache httponly secure",
        "http-request set-header X-Forwarded-Proto https", "ssl-min-ver TLSv1.2",
        new HaproxyConfig().snippet(spec));
  }
}
