package dev.orchestrate.core.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The essentials of Apache httpd's file. */
class ApacheConfigTest {
  private static final String HTTP = "loadBalancer:\n  url: http://10.0.0.5:8083\n  kind: apache\n";

  @TempDir
  Path dir;

  @Test
  void membersAreRoutedByTheCookieAndCheckedForRunningInTheBody() throws Exception {
    String snippet = new ApacheConfig().snippet(Clusters.spec(dir, HTTP));

    assertThat(snippet).contains("ProxyHCExpr confluence_ok {hc('body') =~ /RUNNING/}",
        "ProxyHCTemplate confluence_check hcmethod=GET hcuri=/status hcexpr=confluence_ok",
        "BalancerMember http://10.0.0.12:8090 route=node2 hctemplate=confluence_check",
        "ProxySet lbmethod=byrequests stickysession=CONFLUENCE_NODE",
        "Header always add Set-Cookie \"CONFLUENCE_NODE=.%{BALANCER_WORKER_ROUTE}e; Path=/; HttpOnly\""
            + " \"expr=-n reqenv('BALANCER_ROUTE_CHANGED') && reqenv('BALANCER_NAME') == 'balancer://confluence'\"",
        "<VirtualHost 10.0.0.5:8083>", "ProxyPass / balancer://confluence/");
  }

  @Test
  void synchronyTunnelsWebSocketsForAnHourAndIsRoutedFirst() throws Exception {
    String snippet = new ApacheConfig().snippet(Clusters.spec(dir, HTTP));

    assertThat(snippet).contains("ProxyHCExpr synchrony_ok {hc('body') =~ /OK/}",
        "hcuri=/synchrony/heartbeat", "BalancerMember http://10.0.0.13:8091 route=node3 hctemplate=synchrony_check"
            + " connectiontimeout=5 timeout=3600 retry=10 upgrade=websocket",
        "stickysession=SYNCHRONY_NODE");
    assertThat(snippet.indexOf("ProxyPass /synchrony/ balancer://synchrony/synchrony/"))
        .isPositive().isLessThan(snippet.indexOf("ProxyPass / balancer://confluence/"));
  }

  @Test
  void theCompleteFileLoadsItsModulesOnDebianAndRhelAndTheSnippetOnlyNamesThem() throws Exception {
    BalancerSpec spec = Clusters.spec(dir, """
        loadBalancer:
          url: https://wiki.example.com
          kind: apache
          certificate: /etc/pki/tls/certs/wiki.crt
          certificateKey: /etc/pki/tls/private/wiki.key
        """);
    String complete = new ApacheConfig().complete(spec);
    String snippet = new ApacheConfig().snippet(spec);

    assertThat(complete).contains("<IfFile /usr/lib/apache2/modules/mod_proxy.so>",
        "<IfFile !/usr/lib/apache2/modules/mod_proxy.so>", "Define ORCHESTRATE_MODULES /etc/httpd/modules",
        "ServerRoot ${ORCHESTRATE_ROOT}", "PidFile ${ORCHESTRATE_RUN}/", "ErrorLog ${ORCHESTRATE_LOGS}/",
        "DefaultRuntimeDir ${ORCHESTRATE_RUN}", "Listen 443 https", snippet);
    for (String module : List.of("mpm_event", "unixd", "watchdog", "proxy", "proxy_http", "proxy_balancer",
        "lbmethod_byrequests", "slotmem_shm", "proxy_hcheck", "headers", "ssl", "socache_shmcb")) {
      assertThat(complete).contains("<IfModule !" + module + "_module>\n    LoadModule " + module + "_module"
          + " ${ORCHESTRATE_MODULES}/mod_" + module + ".so\n</IfModule>");
    }
    assertThat(Clusters.unwrapped(snippet)).doesNotContain("LoadModule", "Listen 443\n").contains("a2enmod proxy proxy_http",
        "<VirtualHost *:443>", "SSLEngine on", "SSLCertificateFile /etc/pki/tls/certs/wiki.crt",
        "SSLCertificateKeyFile /etc/pki/tls/private/wiki.key", "CONFLUENCE_NODE=.%{BALANCER_WORKER_ROUTE}e; Path=/;"
            + " HttpOnly; Secure");
  }
}
