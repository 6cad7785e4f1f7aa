package dev.orchestrate.core.balancer;

import dev.orchestrate.core.balancer.BalancerSpec.Backend;
import dev.orchestrate.core.balancer.BalancerSpec.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache httpd 2.4.47 and later, as Debian ({@code apache2}) and RHEL ({@code httpd}) package it:
 * mod_proxy_balancer with a route cookie of its own, mod_proxy_hcheck reading /status, and
 * WebSockets through mod_proxy_http's {@code upgrade=websocket} (2.4.47). The complete file loads
 * its modules itself, from whichever of the two layouts is installed, so it needs neither
 * Debian's envvars nor RHEL's conf.modules.d.
 */
final class ApacheConfig implements BalancerConfig {
  /** A module both layouts have; where it lies tells Debian's layout from RHEL's. */
  private static final String DEBIAN_MARK = "/usr/lib/apache2/modules/mod_proxy.so";

  @Override
  public String complete(BalancerSpec spec) {
    ConfigText text = new ConfigText();
    Reasons.header(text, spec, "The whole Apache httpd configuration");
    text.comment("Run it as root with `apache2 -f <this file>` on Debian or `httpd -f <this file>` on RHEL (add"
        + " -DFOREGROUND to stay in the foreground); `-t -f <this file>` checks it. It needs none of the"
        + " distribution's files: the paths that differ between the two are chosen below by what is installed.");
    text.blank();
    text.open("<IfFile " + DEBIAN_MARK + ">");
    text.line("Define ORCHESTRATE_ROOT /etc/apache2");
    text.line("Define ORCHESTRATE_MODULES /usr/lib/apache2/modules");
    text.line("Define ORCHESTRATE_LOGS /var/log/apache2");
    text.line("Define ORCHESTRATE_RUN /run");
    text.line("Define ORCHESTRATE_USER www-data");
    text.close("</IfFile>");
    text.open("<IfFile !" + DEBIAN_MARK + ">");
    text.line("Define ORCHESTRATE_ROOT /etc/httpd");
    text.line("Define ORCHESTRATE_MODULES /etc/httpd/modules");
    text.line("Define ORCHESTRATE_LOGS /var/log/httpd");
    text.line("Define ORCHESTRATE_RUN /run/httpd");
    text.line("Define ORCHESTRATE_USER apache");
    text.close("</IfFile>");
    text.line("ServerRoot ${ORCHESTRATE_ROOT}");
    text.comment("Mutexes and shared memory (the balancer's, the health checks') live in DefaultRuntimeDir.");
    text.line("DefaultRuntimeDir ${ORCHESTRATE_RUN}");
    text.line("PidFile ${ORCHESTRATE_RUN}/confluence-balancer.pid");
    text.blank();
    text.comment("Each module only if it is not built in (Debian builds some in, RHEL none).");
    for (String module : modules(spec, true)) {
      String name = module.substring(0, module.indexOf(' '));
      text.open("<IfModule !" + name + ">");
      text.line("LoadModule " + name + " ${ORCHESTRATE_MODULES}/" + module.substring(module.indexOf(' ') + 1));
      text.close("</IfModule>");
    }
    text.blank();
    text.line("User ${ORCHESTRATE_USER}");
    text.line("Group ${ORCHESTRATE_USER}");
    text.line("ServerName " + spec.listener().serverName());
    text.line("ServerTokens Prod");
    text.line("ServerSignature Off");
    text.line("TraceEnable Off");
    text.line("ErrorLog ${ORCHESTRATE_LOGS}/confluence-balancer-error.log");
    text.line("LogLevel warn");
    text.line("LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b %D %{BALANCER_WORKER_ROUTE}e\" confluence");
    text.line("CustomLog ${ORCHESTRATE_LOGS}/confluence-balancer-access.log confluence");
    text.line("Timeout " + spec.timeouts().idle().toSeconds());
    text.line("KeepAlive On");
    text.line("KeepAliveTimeout 5");
    text.comment("Attachments of any size: Confluence enforces its own limit.");
    text.line("LimitRequestBody 0");
    spec.listener().tls().ifPresent(tls -> text.line("SSLSessionCache shmcb:${ORCHESTRATE_RUN}/confluence-balancer-ssl"
        + "(512000)"));
    text.comment("Each open editor holds a worker thread for its WebSocket: MaxRequestWorkers (400 unless set here)"
        + " bounds how many users edit at once.");
    text.line("Listen " + spec.listener().endpoint().replaceFirst("^:", "")
        + (spec.listener().https() ? " https" : ""));
    text.blank();
    text.append(snippet(spec));
    return text.toString();
  }

  @Override
  public String snippet(BalancerSpec spec) {
    ConfigText text = new ConfigText();
    Reasons.header(text, spec, "Apache httpd configuration");
    text.comment("This part is the balancers and the virtual host, for Debian's sites-available (then a2ensite)"
        + " or RHEL's conf.d. It needs `Listen " + spec.listener().endpoint().replaceFirst("^:", "")
        + "` (Debian: ports.conf) and these modules loaded: " + String.join(", ", modules(spec, false).stream()
            .map(m -> m.substring(0, m.indexOf(' '))).toList()) + ". On Debian: a2enmod " + String.join(" ",
            modules(spec, false).stream().map(m -> m.substring(0, m.indexOf(' ')).replace("_module", "")).toList())
        + ".");
    text.blank();
    Reasons.affinity(text, "mod_proxy_balancer reads the route after the cookie's '.', and the Header lines set the"
        + " cookie whenever the balancer chose a node other than the one it names.");
    Reasons.health(text, spec.confluence(), "So mod_proxy_hcheck reads the body (ProxyHCExpr); a node that fails a"
        + " request is also left alone for retry= seconds.");
    spec.synchrony().ifPresentOrElse(synchrony -> Reasons.synchrony(text, synchrony, "The WebSocket is passed on by"
        + " mod_proxy_http itself (upgrade=websocket, httpd 2.4.47 and later); timeout= is how long it may idle."),
        () -> Reasons.noSynchrony(text));
    Reasons.ports(text);
    Reasons.proxyHeaders(text);
    text.blank();
    List<Pool> pools = new ArrayList<>(List.of(spec.confluence()));
    spec.synchrony().ifPresent(pools::add);
    for (Pool pool : pools) {
      text.line("ProxyHCExpr " + expression(pool) + " {hc('body') =~ /" + pool.healthyBody() + "/}");
      text.line("ProxyHCTemplate " + pool.name() + "_check hcmethod=GET hcuri=" + pool.healthUri() + " hcexpr="
          + expression(pool) + " hcinterval=" + spec.timeouts().checkInterval().toSeconds() + " hcfails="
          + spec.timeouts().fall() + " hcpasses=" + spec.timeouts().rise());
    }
    text.blank();
    balancer(text, spec, spec.confluence(), spec.timeouts().idle().toSeconds(), "");
    spec.synchrony().ifPresent(synchrony -> balancer(text, spec, synchrony, spec.timeouts().tunnel().toSeconds(),
        " upgrade=websocket"));
    virtualHost(text, spec, pools);
    return text.toString();
  }

  @Override
  public SyntaxCheck syntaxCheck() {
    return new SyntaxCheck(List.of("apache2", "httpd"), List.of("-t", "-f"));
  }

  /** "name file" of every module the configuration uses; with {@code everything}, the ones any httpd needs too. */
  private static List<String> modules(BalancerSpec spec, boolean everything) {
    List<String> modules = new ArrayList<>();
    if (everything) {
      modules.addAll(List.of("mpm_event_module mod_mpm_event.so", "unixd_module mod_unixd.so",
          "authn_core_module mod_authn_core.so", "authz_core_module mod_authz_core.so",
          "log_config_module mod_log_config.so", "watchdog_module mod_watchdog.so"));
    }
    modules.addAll(List.of("proxy_module mod_proxy.so", "proxy_http_module mod_proxy_http.so",
        "proxy_balancer_module mod_proxy_balancer.so", "lbmethod_byrequests_module mod_lbmethod_byrequests.so",
        "slotmem_shm_module mod_slotmem_shm.so", "proxy_hcheck_module mod_proxy_hcheck.so",
        "headers_module mod_headers.so"));
    if (spec.listener().https()) {
      modules.addAll(List.of("ssl_module mod_ssl.so", "socache_shmcb_module mod_socache_shmcb.so"));
    }
    return modules;
  }

  /** A health expression's name: httpd takes at most 15 characters. */
  private static String expression(Pool pool) {
    return pool.name().substring(0, Math.min(pool.name().length(), 12)) + "_ok";
  }

  private static void balancer(ConfigText text, BalancerSpec spec, Pool pool, long idleSeconds, String extra) {
    text.open("<Proxy balancer://" + pool.name() + ">");
    for (Backend backend : pool.backends()) {
      text.line("BalancerMember http://" + backend.endpoint() + " route=" + backend.name() + " hctemplate="
          + pool.name() + "_check connectiontimeout=" + spec.timeouts().connect().toSeconds() + " timeout="
          + idleSeconds + " retry=" + spec.timeouts().passiveHold().toSeconds() + extra);
    }
    text.line("ProxySet lbmethod=byrequests stickysession=" + pool.cookie());
    text.close("</Proxy>");
    text.blank();
  }

  private static void virtualHost(ConfigText text, BalancerSpec spec, List<Pool> pools) {
    BalancerSpec.Listener listener = spec.listener();
    text.open("<VirtualHost " + (listener.address().isPresent() ? listener.endpoint() : "*" + listener.endpoint())
        + ">");
    text.line("ServerName " + listener.serverName());
    listener.tls().ifPresent(tls -> {
      text.line("SSLEngine on");
      text.line("SSLProtocol -all +TLSv1.2 +TLSv1.3");
      text.line("SSLCertificateFile " + tls.certificate());
      text.line("SSLCertificateKeyFile " + tls.keyFile());
    });
    text.line("ProxyRequests Off");
    text.line("ProxyPreserveHost On");
    text.line("RequestHeader set X-Forwarded-Proto " + listener.scheme());
    spec.synchrony().ifPresent(synchrony -> {
      String path = BalancerSpec.SYNCHRONY_PATH + "/";
      text.line("ProxyPass " + path + " balancer://" + synchrony.name() + path);
      text.line("ProxyPassReverse " + path + " balancer://" + synchrony.name() + path);
    });
    text.line("ProxyPass / balancer://" + spec.confluence().name() + "/");
    text.line("ProxyPassReverse / balancer://" + spec.confluence().name() + "/");
    String attributes = "; Path=/; HttpOnly" + (listener.https() ? "; Secure" : "");
    for (Pool pool : pools) {
      text.line("Header always add Set-Cookie \"" + pool.cookie() + "=.%{BALANCER_WORKER_ROUTE}e" + attributes
          + "\" \"expr=-n reqenv('BALANCER_ROUTE_CHANGED') && reqenv('BALANCER_NAME') == 'balancer://"
          + pool.name() + "'\"");
    }
    text.close("</VirtualHost>");
  }
}
