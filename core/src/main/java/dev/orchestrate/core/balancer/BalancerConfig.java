package dev.orchestrate.core.balancer;

import dev.orchestrate.core.topology.LoadBalancer;

/**
 * One kind of load balancer's configuration language. {@link #complete} is a whole file the server
 * runs as it is; {@link #snippet} is the part to paste into a configuration that exists already,
 * and the complete file holds it line for line (nginx indents it inside its http block), which is
 * how a snippet is checked.
 */
public interface BalancerConfig {
  /** The whole file: {@code nginx -c}, {@code haproxy -f}, {@code apache2 -f} or {@code httpd -f} runs it. */
  String complete(BalancerSpec spec);

  /** What goes into an existing configuration, with a comment at its top that says where and what else it needs. */
  String snippet(BalancerSpec spec);

  /** The server's own check of a file's syntax. */
  SyntaxCheck syntaxCheck();

  static BalancerConfig of(LoadBalancer.Kind kind) {
    return switch (kind) {
      case NGINX -> new NginxConfig();
      case HAPROXY -> new HaproxyConfig();
      case APACHE -> new ApacheConfig();
    };
  }
}
