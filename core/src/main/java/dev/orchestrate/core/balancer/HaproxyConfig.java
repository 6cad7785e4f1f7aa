package dev.orchestrate.core.balancer;

import static dev.orchestrate.core.balancer.NginxConfig.seconds;

import com.google.common.net.InetAddresses;
import dev.orchestrate.core.balancer.BalancerSpec.Backend;
import dev.orchestrate.core.balancer.BalancerSpec.Pool;
import java.util.List;
import java.util.Optional;

/**
 * HAProxy 2.2 and later (the {@code http-check send}/{@code expect} syntax). Its own cookie keeps
 * users on their node, active checks read /status, and its runtime API, when cluster.yaml has
 * loadBalancer.admin, lets orchestrate drain a node by name: the nodes' backend is named as
 * admin.backend says and each server as its node.
 */
final class HaproxyConfig implements BalancerConfig {
  private static final String FRONTEND = "confluence_users";

  @Override
  public String complete(BalancerSpec spec) {
    ConfigText text = new ConfigText();
    Reasons.header(text, spec, "The whole HAProxy configuration");
    text.comment("Run it as root with `haproxy -f <this file>` (it stays in the foreground; -D sends it to the"
        + " background), or make it /etc/haproxy/haproxy.cfg so the distribution's service runs it. `haproxy -c -f"
        + " <this file>` checks it. It binds its port as root, then runs as the user haproxy, which the package"
        + " creates.");
    text.blank();
    text.open("global");
    text.line("log /dev/log local0");
    text.line("user haproxy");
    text.line("group haproxy");
    if (spec.listener().https()) {
      text.line("ssl-default-bind-options ssl-min-ver TLSv1.2");
    }
    runtimeApi(text, spec);
    text.close("");
    text.open("defaults");
    text.line("log global");
    text.line("mode http");
    text.line("option dontlognull");
    text.line("timeout connect " + seconds(spec.timeouts().connect()));
    text.line("timeout client " + seconds(spec.timeouts().idle()));
    text.line("timeout server " + seconds(spec.timeouts().idle()));
    text.close("");
    text.append(snippet(spec));
    return text.toString();
  }

  @Override
  public String snippet(BalancerSpec spec) {
    ConfigText text = new ConfigText();
    Reasons.header(text, spec, "HAProxy configuration");
    text.comment("This part is the frontend " + FRONTEND + " and its backends, without the global and defaults"
        + " sections: paste it after your own defaults. Each section sets its mode and timeouts itself, so your"
        + " defaults cannot change them.");
    spec.runtimeApi().ifPresent(api -> text.comment("orchestrate drains nodes through the runtime API: your global"
        + " section needs `" + statsSocket(api) + "`."));
    text.blank();
    Reasons.affinity(text, "HAProxy inserts the cookie itself (insert indirect nocache: Confluence never sees it,"
        + " and no cache keeps it); a request for a node that is down, refuses or answers 503 is dispatched again to"
        + " another one, which then gets the cookie.");
    Reasons.health(text, spec.confluence(), "So the check reads the body: expect string RUNNING.");
    spec.synchrony().ifPresentOrElse(synchrony -> Reasons.synchrony(text, synchrony,
        "The tunnel timeout is what a WebSocket gets once upgraded."), () -> Reasons.noSynchrony(text));
    Reasons.ports(text);
    Reasons.proxyHeaders(text);
    text.blank();
    frontend(text, spec);
    backend(text, spec, spec.confluence(), "retry-on conn-failure empty-response 503");
    spec.synchrony().ifPresent(synchrony -> backend(text, spec, synchrony, "retry-on conn-failure empty-response"));
    return text.toString();
  }

  @Override
  public SyntaxCheck syntaxCheck() {
    return new SyntaxCheck(List.of("haproxy"), List.of("-c", "-f"));
  }

  private static void runtimeApi(ConfigText text, BalancerSpec spec) {
    if (spec.runtimeApi().isPresent()) {
      text.comment("The runtime API, through which orchestrate drains a node before a restart stops it.");
      text.line(statsSocket(spec.runtimeApi().get()));
      text.line("stats timeout 30s");
      return;
    }
    text.comment("No runtime API: orchestrate drains nodes through one when cluster.yaml's loadBalancer.admin names"
        + " it, and this line is then written here:");
    text.commentLine(statsSocket("/run/haproxy/admin.sock"));
  }

  /** The stats socket line for a socket path, or for address:port (an IPv4 address gets HAProxy's ipv4@ prefix). */
  static String statsSocket(String runtimeApi) {
    if (runtimeApi.startsWith("/")) {
      return "stats socket " + runtimeApi + " mode 660 level admin";
    }
    String host = runtimeApi.substring(0, runtimeApi.lastIndexOf(':'));
    Optional<String> family = InetAddresses.isInetAddress(host)
        ? Optional.of(host.contains(":") ? "ipv6@" : "ipv4@") : Optional.empty();
    return "stats socket " + family.orElse("") + runtimeApi + " level admin";
  }

  private static void frontend(ConfigText text, BalancerSpec spec) {
    BalancerSpec.Listener listener = spec.listener();
    text.open("frontend " + FRONTEND);
    text.line("mode http");
    text.line("bind " + listener.endpoint() + listener.tls().map(tls -> " ssl crt " + tls.certificate()).orElse(""));
    text.line("option httplog");
    text.line("option forwardfor");
    text.line("timeout client " + seconds(spec.timeouts().idle()));
    text.line("timeout http-request 30s");
    text.line("http-request set-header X-Forwarded-Proto " + listener.scheme());
    text.line("http-request set-header X-Forwarded-Host %[req.hdr(host)]");
    spec.synchrony().ifPresent(synchrony -> {
      text.line("acl synchrony path " + BalancerSpec.SYNCHRONY_PATH);
      text.line("acl synchrony path_beg " + BalancerSpec.SYNCHRONY_PATH + "/");
      text.line("use_backend " + synchrony.name() + " if synchrony");
    });
    text.line("default_backend " + spec.confluence().name());
    text.close("");
  }

  private static void backend(ConfigText text, BalancerSpec spec, Pool pool, String retryOn) {
    boolean tunnels = spec.synchrony().filter(s -> s == pool).isPresent();
    text.open("backend " + pool.name());
    text.line("mode http");
    text.line("balance roundrobin");
    text.line("timeout connect " + seconds(spec.timeouts().connect()));
    text.line("timeout server " + seconds(spec.timeouts().idle()));
    if (tunnels) {
      text.line("timeout tunnel " + seconds(spec.timeouts().tunnel()));
    }
    text.line("timeout check " + seconds(spec.timeouts().checkTimeout()));
    text.line("cookie " + pool.cookie() + " insert indirect nocache httponly"
        + (spec.listener().https() ? " secure" : ""));
    text.line("option httpchk");
    text.line("http-check send meth GET uri " + pool.healthUri());
    text.line("http-check expect string " + pool.healthyBody());
    text.line("option redispatch 1");
    text.line("retries 3");
    text.line(retryOn);
    // fastinter: while a server is between states (failing, or back from a restart), it is checked
    // every 2 s, so a node that serves again takes users within seconds, not intervals.
    text.line("default-server check inter " + seconds(spec.timeouts().checkInterval()) + " fastinter 2s fall "
        + spec.timeouts().fall() + " rise " + spec.timeouts().rise());
    for (Backend backend : pool.backends()) {
      text.line("server " + backend.name() + " " + backend.endpoint() + " cookie " + backend.name());
    }
    text.close("");
  }
}
