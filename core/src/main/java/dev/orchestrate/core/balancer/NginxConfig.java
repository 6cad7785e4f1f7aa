package dev.orchestrate.core.balancer;

import dev.orchestrate.core.balancer.BalancerSpec.Backend;
import dev.orchestrate.core.balancer.BalancerSpec.Pool;
import java.time.Duration;
import java.util.List;

/**
 * nginx (open source, 1.18 and later). It has neither active health checks nor a sticky cookie —
 * both are NGINX Plus features — so affinity is built from what it has: one upstream per node,
 * whose other nodes are {@code backup} servers, chosen by the route cookie through a {@code map};
 * an upstream of every node for a user without the cookie; and the cookie set by nginx itself from
 * the last address in {@code $upstream_addr}, which is the node that finally answered, after any
 * failover. Health is passive: a node that refuses, times out or answers 502/503/504 is skipped.
 */
final class NginxConfig implements BalancerConfig {
  private static final String UPGRADE = "$orchestrate_connection_upgrade";

  @Override
  public String complete(BalancerSpec spec) {
    ConfigText text = new ConfigText();
    Reasons.header(text, spec, "The whole nginx configuration");
    text.comment("Run it as root with `nginx -c <this file>` (`nginx -t -c <this file>` checks it); or make it"
        + " /etc/nginx/nginx.conf, so the distribution's service runs it.");
    text.comment("There is no `user` line: started as root, nginx runs its workers as the user its package was"
        + " built for (nobody on Debian, nginx on RHEL). They need to write nothing, since request and response"
        + " bodies stream through without temporary files.");
    text.blank();
    text.line("worker_processes auto;");
    text.line("pid /run/nginx.pid;");
    text.line("error_log /var/log/nginx/error.log warn;");
    text.blank();
    text.open("events {");
    text.line("worker_connections 4096;");
    text.close("}");
    text.blank();
    text.open("http {");
    text.line("access_log /var/log/nginx/access.log;");
    text.line("server_tokens off;");
    text.line("sendfile on;");
    text.line("tcp_nodelay on;");
    text.blank();
    text.append(snippet(spec));
    text.close("}");
    return text.toString();
  }

  @Override
  public String snippet(BalancerSpec spec) {
    ConfigText text = new ConfigText();
    Reasons.header(text, spec, "nginx configuration");
    text.comment("This part belongs inside the http block: as /etc/nginx/conf.d/confluence.conf it is included"
        + " there. It defines the upstreams confluence*, synchrony* and the variables $confluence_*, $synchrony_*"
        + " and " + UPGRADE + ", which nothing else may define.");
    text.blank();
    Reasons.affinity(text, "Open-source nginx has no sticky cookie, so each node has an upstream of its own in"
        + " which the other nodes are backups, the cookie picks that upstream, and nginx sets the cookie itself"
        + " from the address that answered: after a failover, the node that took the user over.");
    Reasons.health(text, spec.confluence(), "Open-source nginx cannot ask /status (active checks are NGINX Plus'),"
        + " so health is passive: a node that refuses a connection, times out or answers 502, 503 or 504 is left"
        + " out for " + seconds(spec.timeouts().passiveHold()) + " and the request goes to the next one. A node that"
        + " answers 200 without being RUNNING (FIRST_RUN) still gets users: add a node here only once it is set up.");
    if (spec.synchrony().isPresent()) {
      Reasons.synchrony(text, spec.synchrony().get(), "nginx checks Synchrony passively too.");
    } else {
      Reasons.noSynchrony(text);
    }
    Reasons.ports(text);
    Reasons.proxyHeaders(text);
    text.blank();
    pool(text, spec, spec.confluence());
    spec.synchrony().ifPresent(pool -> pool(text, spec, pool));
    if (spec.synchrony().isPresent()) {
      text.comment("A WebSocket asks for an upgrade; every other request closes its connection to the backend.");
      text.open("map $http_upgrade " + UPGRADE + " {");
      text.line("default upgrade;");
      text.line("\"\" close;");
      text.close("}");
      text.blank();
    }
    server(text, spec);
    return text.toString();
  }

  @Override
  public SyntaxCheck syntaxCheck() {
    return new SyntaxCheck(List.of("nginx"), List.of("-t", "-c"));
  }

  /** The upstreams of one pool, the map that picks one by cookie, and the map that names the node that answered. */
  private static void pool(ConfigText text, BalancerSpec spec, Pool pool) {
    String key = identifier(pool.name());
    String hold = " max_fails=1 fail_timeout=" + seconds(spec.timeouts().passiveHold());
    text.comment(pool.name() + ": a user without a " + pool.cookie() + " cookie goes to any node, in turn.");
    text.open("upstream " + key + " {");
    text.line("zone " + key + " 64k;");
    for (Backend backend : pool.backends()) {
      text.line("server " + backend.endpoint() + hold + ";" + resolvedNote(backend));
    }
    text.close("}");
    text.comment("A user with the cookie goes to its node; to the others (backup) only while that node fails.");
    for (Backend node : pool.backends()) {
      text.open("upstream " + key + "_" + identifier(node.name()) + " {");
      text.line("zone " + key + "_" + identifier(node.name()) + " 64k;");
      text.line("server " + node.endpoint() + hold + ";");
      for (Backend other : pool.backends()) {
        if (other != node) {
          text.line("server " + other.endpoint() + " backup" + hold + ";");
        }
      }
      text.close("}");
    }
    text.blank();
    text.open("map $cookie_" + pool.cookie() + " $" + key + "_upstream {");
    text.line("default " + key + ";");
    for (Backend node : pool.backends()) {
      text.line(quoted(node.name()) + " " + key + "_" + identifier(node.name()) + ";");
    }
    text.close("}");
    text.blank();
    text.comment("The cookie is set when the node that answered is not the one it names. $upstream_addr lists"
        + " every address tried, comma-separated; the last one answered.");
    text.open("map \"$cookie_" + pool.cookie() + " $upstream_addr\" $" + key + "_route_cookie {");
    text.line("default \"\";");
    String attributes = "; Path=/; HttpOnly" + (spec.listener().https() ? "; Secure" : "");
    for (Backend node : pool.backends()) {
      text.line("\"~^(?!" + escaped(node.name()) + " )[^ ]* (.*, )?" + escaped(node.endpoint()) + "$\" \""
          + pool.cookie() + "=" + node.name() + attributes + "\";");
    }
    text.close("}");
    text.blank();
  }

  private static void server(ConfigText text, BalancerSpec spec) {
    BalancerSpec.Listener listener = spec.listener();
    text.open("server {");
    text.line("listen " + listener.endpoint().replaceFirst("^:", "") + (listener.https() ? " ssl" : "") + ";");
    text.line("server_name " + listener.serverName() + ";");
    listener.tls().ifPresent(tls -> {
      text.line("ssl_certificate " + tls.certificate() + ";");
      text.line("ssl_certificate_key " + tls.keyFile() + ";");
      text.line("ssl_protocols TLSv1.2 TLSv1.3;");
      text.line("ssl_session_cache shared:confluence_tls:10m;");
    });
    text.blank();
    text.comment("Attachments of any size: Confluence enforces its own limit. Bodies stream through, unbuffered.");
    text.line("client_max_body_size 0;");
    text.line("proxy_request_buffering off;");
    text.line("proxy_max_temp_file_size 0;");
    text.line("proxy_http_version 1.1;");
    text.line("proxy_connect_timeout " + seconds(spec.timeouts().connect()) + ";");
    text.comment("Passive health: these failures move a request to the next node and count against the first.");
    text.line("proxy_next_upstream error timeout http_502 http_503 http_504;");
    text.blank();
    text.open("location / {");
    location(text, spec, spec.confluence(), spec.timeouts().idle());
    text.close("}");
    spec.synchrony().ifPresent(synchrony -> {
      text.blank();
      text.open("location " + BalancerSpec.SYNCHRONY_PATH + "/ {");
      location(text, spec, synchrony, spec.timeouts().tunnel());
      text.line("proxy_set_header Upgrade $http_upgrade;");
      text.line("proxy_set_header Connection " + UPGRADE + ";");
      text.close("}");
    });
    text.close("}");
  }

  /** What both locations say; a location that sets any proxy header inherits none, so each lists them all. */
  private static void location(ConfigText text, BalancerSpec spec, Pool pool, Duration idle) {
    String key = identifier(pool.name());
    text.line("proxy_pass http://$" + key + "_upstream;");
    text.line("proxy_read_timeout " + seconds(idle) + ";");
    text.line("proxy_send_timeout " + seconds(idle) + ";");
    text.line("add_header Set-Cookie $" + key + "_route_cookie always;");
    text.line("proxy_set_header Host $http_host;");
    text.line("proxy_set_header X-Forwarded-Host $http_host;");
    text.line("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
    text.line("proxy_set_header X-Forwarded-Proto " + spec.listener().scheme() + ";");
    text.line("proxy_set_header X-Real-IP $remote_addr;");
  }

  private static String resolvedNote(Backend backend) {
    return backend.resolved() ? "  # " + backend.host() + " when this file was written" : "";
  }

  /** nginx names of upstreams and variables: letters, digits and '_'. */
  private static String identifier(String name) {
    return name.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String quoted(String value) {
    return "\"" + value + "\"";
  }

  private static String escaped(String literal) {
    return literal.replaceAll("([.\\[\\]])", "\\\\$1");
  }

  static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }
}
