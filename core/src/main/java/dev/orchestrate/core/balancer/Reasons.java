package dev.orchestrate.core.balancer;

import java.util.stream.Collectors;

/**
 * The reasons every generated file gives in its comments, the same for each kind, so that whoever
 * edits the file later knows what not to take out.
 */
final class Reasons {
  private Reasons() {}

  static void header(ConfigText text, BalancerSpec spec, String what) {
    text.comment(what + " for the Confluence cluster '" + spec.cluster() + "', written by `orchestrate lb-config "
        + spec.source() + "`. Change cluster.yaml and write it again rather than editing it here.");
    BalancerSpec.Listener listener = spec.listener();
    boolean defaultPort = listener.port() == (listener.https() ? 443 : 80);
    text.comment("Users reach the cluster at " + listener.scheme() + "://" + listener.serverName()
        + (defaultPort ? "" : ":" + listener.port()) + listener.contextPath() + "/. Behind it: "
        + spec.confluence().backends().stream().map(b -> b.name() + " (" + b.host() + ":" + b.port() + ")")
            .collect(Collectors.joining(", ")) + ".");
  }

  static void affinity(ConfigText text, String how) {
    text.comment("Sessions stick to a node. Confluence keeps a user's session in the memory of the node that"
        + " created it; sent to another node, the user is logged out or sees errors at random. The balancer"
        + " therefore names the node in a cookie of its own, " + BalancerSpec.CONFLUENCE_COOKIE + " (JSESSIONID"
        + " stays Confluence's). When that node is down, the user moves to a live one and logs in there again. "
        + how);
  }

  static void health(ConfigText text, BalancerSpec.Pool confluence, String how) {
    text.comment("A node takes users only while GET " + confluence.healthUri() + " says RUNNING. The HTTP status"
        + " alone would lie: a node not yet set up (FIRST_RUN) answers 200, STARTING and STOPPING answer 503,"
        + " and ERROR (a cluster panic, say) 500. " + how);
  }

  static void synchrony(ConfigText text, BalancerSpec.Pool synchrony, String how) {
    text.comment("Collaborative editing: the editor talks to Synchrony under " + BalancerSpec.SYNCHRONY_PATH
        + " through a WebSocket that stays open as long as the page does, mostly quiet. So the proxy speaks"
        + " HTTP/1.1, passes the Upgrade and Connection headers on, and lets such a tunnel idle for an hour where an"
        + " ordinary request gets minutes. Synchrony is healthy when GET " + synchrony.healthUri() + " answers "
        + synchrony.healthyBody() + ". A user's Synchrony sticks too, by its own cookie "
        + BalancerSpec.SYNCHRONY_COOKIE + ". " + how);
  }

  static void noSynchrony(ConfigText text) {
    text.comment("Collaborative editing is off (synchrony.mode: off), so nothing is routed to Synchrony.");
  }

  static void ports(ConfigText text) {
    text.comment("Ports: only this balancer needs the nodes' HTTP port and Synchrony's (8091 when managed). Never"
        + " expose the cluster's own ports, neither to users nor to this balancer: 5801 (Confluence's Hazelcast),"
        + " 5701 (Synchrony's Hazelcast), 25500 (Synchrony's Aleph), 8000 (Tomcat's shutdown port) and the"
        + " multicast group on 54327/udp. Only the nodes may reach each other there.");
  }

  static void proxyHeaders(ConfigText text) {
    text.comment("Confluence builds its links from the URL users see: its server.xml Connector needs"
        + " proxyName, proxyPort and scheme set to this balancer's host, port and scheme, and its base URL must be"
        + " that URL.");
  }
}
