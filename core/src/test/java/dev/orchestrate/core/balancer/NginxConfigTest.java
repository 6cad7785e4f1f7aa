package dev.orchestrate.core.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The essentials of nginx's file; that nginx runs it and keeps sessions is LoadBalancerOnSandboxTest's (cli). */
class NginxConfigTest {
  private static final String HTTP = "loadBalancer:\n  url: http://10.0.0.5:8081\n  kind: nginx\n";

  @TempDir
  Path dir;

  @Test
  void eachNodeHasAnUpstreamWithTheOthersAsBackupsChosenByTheRouteCookie() throws Exception {
    String snippet = new NginxConfig().snippet(Clusters.spec(dir, HTTP));

    assertThat(snippet).contains("""
        upstream confluence_node2 {
            zone confluence_node2 64k;
            server 10.0.0.12:8090 max_fails=1 fail_timeout=10s;
            server 10.0.0.11:8090 backup max_fails=1 fail_timeout=10s;
            server 10.0.0.13:8090 backup max_fails=1 fail_timeout=10s;
        }
        """, """
        map $cookie_CONFLUENCE_NODE $confluence_upstream {
            default confluence;
            "node1" confluence_node1;
            "node2" confluence_node2;
            "node3" confluence_node3;
        }
        """, "proxy_pass http://$confluence_upstream;",
        "add_header Set-Cookie $confluence_route_cookie always;");
    assertThat(snippet).containsPattern("upstream confluence \\{\\n\\s+zone confluence 64k;\\n(\\s+server 10\\.0\\.0\\.1[123]"
        + ":8090 max_fails=1 fail_timeout=10s;\\n){3}}");
  }

  /** The map's regex, tried as nginx's PCRE would: the last address of $upstream_addr names the node. */
  @Test
  void theCookieNamesTheLastAddressTriedAndOnlyWhenItChanges() throws Exception {
    String snippet = new NginxConfig().snippet(Clusters.spec(dir, HTTP));
    var entry = Pattern.compile("\"~(.*)\" \"(CONFLUENCE_NODE=node2; Path=/; HttpOnly)\";").matcher(snippet);
    assertThat(entry.find()).as(snippet).isTrue();
    Pattern node2 = Pattern.compile(entry.group(1));

    assertThat(node2.matcher(" 10.0.0.12:8090").matches()).as("a new user served by node2").isTrue();
    assertThat(node2.matcher("node1 10.0.0.11:8090, 10.0.0.12:8090").matches()).as("node1 failed over").isTrue();
    assertThat(node2.matcher("node2 10.0.0.12:8090").matches()).as("already on node2").isFalse();
    assertThat(node2.matcher("node1 10.0.0.12:8090, 10.0.0.11:8090").matches()).as("node1 answered").isFalse();
    assertThat(node2.matcher("node1 110.0.0.12:8090").matches()).as("another address").isFalse();
  }

  @Test
  void healthIsPassiveAndSaysSoAndSynchronyGetsAnUpgradeAndAnHour() throws Exception {
    String snippet = Clusters.unwrapped(new NginxConfig().snippet(Clusters.spec(dir, HTTP)));

    assertThat(snippet).contains("proxy_next_upstream error timeout http_502 http_503 http_504;",
        "health is passive", "NGINX Plus", "location /synchrony/ {", "proxy_pass http://$synchrony_upstream;",
        "proxy_set_header Upgrade $http_upgrade;", "proxy_set_header Connection $orchestrate_connection_upgrade;",
        "proxy_read_timeout 3600s;", "proxy_read_timeout 300s;", "server 10.0.0.13:8091 max_fails=1",
        "5801", "5701", "25500", "54327");
  }

  @Test
  void theCompleteFileRunsAsItIsAndHoldsTheSnippetInItsHttpBlock() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, HTTP);
    String complete = new NginxConfig().complete(spec);

    assertThat(complete).contains("pid /run/nginx.pid;", "error_log /var/log/nginx/error.log", "events {", "http {",
        "listen 10.0.0.5:8081;").doesNotContainPattern("(?m)^user ");
    assertThat(complete.replaceAll("(?m)^ +", "")).contains(new NginxConfig().snippet(spec).replaceAll("(?m)^ +", ""));
    assertThat(new NginxConfig().snippet(spec)).doesNotContain("events {", "http {", "pid ");
  }

  @Test
  void httpsListensWithTheCertificateAndMarksTheCookieSecure() throws Exception {
    String snippet = new NginxConfig().snippet(Clusters.spec(dir, """
        synchrony:
          mode: "off"
        loadBalancer:
          url: https://wiki.example.com
          kind: nginx
          certificate: /etc/nginx/tls/wiki.crt
        """));

    assertThat(snippet).contains("listen 443 ssl;", "server_name wiki.example.com;",
        "ssl_certificate /etc/nginx/tls/wiki.crt;", "ssl_certificate_key /etc/nginx/tls/wiki.crt;",
        "CONFLUENCE_NODE=node1; Path=/; HttpOnly; Secure", "proxy_set_header X-Forwarded-Proto https;")
        .doesNotContain("synchrony_upstream", "location /synchrony");
  }
}
