package dev.orchestrate.core.topology;

import dev.orchestrate.core.diagnostic.Diagnostics;
import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.shape.Suggestions;
import dev.orchestrate.core.yaml.YamlList;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlNode;
import dev.orchestrate.core.yaml.YamlScalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of cluster.yaml that a schema cannot express: keys that depend on each other across
 * sections (homes that must not nest, Synchrony hosts that must be nodes), and what this machine
 * must have (the license file). They read the same located tree as the shape check, skip values
 * the shape already found wrong, and add their findings to the same report.
 */
final class TopologyRules {
  /** Ports a standalone Synchrony must leave alone on a Confluence node, and who uses them. */
  private static final Map<Integer, String> TAKEN_PORTS = Map.of(
      8000, "Tomcat's shutdown port",
      5801, "Confluence's cluster (Hazelcast) port",
      5701, "Synchrony's own cluster port",
      25500, "Synchrony's Aleph port");
  private static final Set<String> EMBEDDED_DATABASES = Set.of("h2", "hsqldb");

  private final YamlMap root;
  private final Path baseDir;
  private final Environment environment;
  private final Diagnostics out;
  private final List<YamlMap> nodes;

  private TopologyRules(YamlMap root, Path baseDir, Environment environment, Diagnostics out) {
    this.root = root;
    this.baseDir = baseDir;
    this.environment = environment;
    this.out = out;
    this.nodes = root.list("nodes").map(YamlList::items).orElse(List.of()).stream()
        .filter(YamlMap.class::isInstance).map(YamlMap.class::cast).toList();
  }

  static void check(YamlMap root, Path baseDir, Environment environment, Diagnostics out) {
    TopologyRules rules = new TopologyRules(root, baseDir, environment, out);
    rules.uniqueNodes();
    rules.homes();
    rules.license();
    rules.database();
    rules.discovery();
    rules.synchrony();
    rules.loadBalancer();
    rules.sshFiles();
  }

  private void uniqueNodes() {
    unique("name", "node name", "give every node a name of its own");
    unique("host", "host", "each node is a machine of its own; two nodes cannot share one host");
  }

  private void unique(String key, String what, String hint) {
    Map<String, YamlScalar> seen = new HashMap<>();
    for (YamlMap node : nodes) {
      node.scalar(key).ifPresent(value -> {
        YamlScalar first = seen.putIfAbsent(value.text().toLowerCase(Locale.ROOT), value);
        if (first != null) {
          out.error(value.position(), what + " '" + value.text() + "' is used twice (first at line "
              + first.position().line() + ")", hint);
        }
      });
    }
  }

  /** A path as written, where it was written, and whether it is a node's own override. */
  private record Placed(RemotePath path, Optional<SourcePosition> position, Optional<String> node) {
    String describe(String what) {
      return node.map(n -> what + " of " + n).orElse(what) + " (" + path + ")";
    }
  }

  private void homes() {
    YamlMap confluence = root.map("confluence").orElse(empty());
    Optional<Placed> shared = placed(confluence, "sharedHome", null, null);
    Optional<Placed> defaultLocal = placed(confluence, "localHome", TopologySchema.DEFAULT_LOCAL_HOME, null);
    Optional<Placed> defaultInstall = placed(confluence, "installDir", TopologySchema.DEFAULT_INSTALL_DIR, null);
    Set<String> reported = new HashSet<>();
    for (YamlMap node : nodes) {
      String name = node.text("name").orElse("a node");
      Optional<Placed> ownLocal = node.entry("localHome").isPresent() ? placed(node, "localHome", null, name) : defaultLocal;
      Optional<Placed> ownInstall =
          node.entry("installDir").isPresent() ? placed(node, "installDir", null, name) : defaultInstall;
      if (ownLocal.isEmpty() || ownInstall.isEmpty()) {
        continue;
      }
      Placed local = ownLocal.get();
      Placed install = ownInstall.get();
      if (shared.isPresent()) {
        sharedAgainst(shared.get(), local, install, reported);
      }
      if (local.path().isSameOrInside(install.path())) {
        report(reported, local.position().or(install::position), local.describe("the local home")
                + " lies inside " + install.describe("the installation directory") + ", which upgrades replace",
            "keep every home outside the installation directory");
      }
    }
  }

  private void sharedAgainst(Placed shared, Placed local, Placed install, Set<String> reported) {
    String sharedText = shared.describe("the shared home");
    if (shared.path().equals(local.path())) {
      Optional<SourcePosition> at = local.node().isPresent() ? local.position() : shared.position();
      report(reported, at, sharedText + " is also "
              + local.describe("the local home") + "; they must be different directories",
          "Confluence refuses to start when the shared home is the local home");
    } else if (shared.path().isInside(local.path())) {
      report(reported, shared.position(), sharedText + " lies inside " + local.describe("the local home"),
          "put the shared home outside every local home, on storage each node mounts at the same path");
    } else if (local.path().isInside(shared.path())) {
      report(reported, local.position().or(shared::position), local.describe("the local home")
              + " lies inside " + sharedText,
          "a local home belongs to one node; move it outside the shared home");
    }
    if (shared.path().isSameOrInside(install.path())) {
      report(reported, shared.position(), sharedText + " lies inside "
              + install.describe("the installation directory") + ", which upgrades replace",
          "put the shared home outside the installation directory");
    }
  }

  private void report(Set<String> reported, Optional<SourcePosition> at, String message, String hint) {
    SourcePosition position = at.orElse(SourcePosition.START);
    if (reported.add(position + message)) {
      out.error(position, message, hint);
    }
  }

  private static Optional<Placed> placed(YamlMap map, String key, String fallback, String node) {
    Optional<YamlScalar> written = map.scalar(key);
    if (written.isPresent()) {
      if (RemotePath.problem(written.get().text()).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(new Placed(RemotePath.of(written.get().text()), Optional.of(written.get().position()),
          Optional.ofNullable(node)));
    }
    return Optional.ofNullable(fallback).map(f -> new Placed(RemotePath.of(f), Optional.empty(), Optional.empty()));
  }

  private void license() {
    YamlMap license = root.map("confluence").flatMap(c -> c.map("license")).orElse(empty());
    license.scalar("file").ifPresent(file -> localFile("confluence.license.file", file, true));
    license.scalar("env").ifPresent(variable -> environmentVariable("confluence.license.env", variable));
  }

  private void database() {
    YamlMap database = root.map("database").orElse(empty());
    database.scalar("passwordFile").ifPresent(file -> localFile("database.passwordFile", file, true));
    database.scalar("passwordEnv").ifPresent(variable -> environmentVariable("database.passwordEnv", variable));
    database.scalar("url").ifPresent(url -> {
      String[] parts = url.text().split(":", 3);
      if (edition().orElse(null) == Edition.DATACENTER && parts.length > 1 && EMBEDDED_DATABASES.contains(parts[1].toLowerCase(Locale.ROOT))) {
        out.error(url.position(), "'database.url' names an embedded " + parts[1] + " database, which a cluster"
            + " cannot share", "Data Center needs an external database such as PostgreSQL");
      }
    });
  }

  private void discovery() {
    YamlMap discovery = root.map("confluence").flatMap(c -> c.map("discovery")).orElse(empty());
    String type = discovery.text("type").orElse(Discovery.Type.TCP_IP.yamlName());
    for (String section : List.of("multicast", "aws")) {
      discovery.entry(section).filter(e -> !type.equals(section)).ifPresent(e -> out.warning(e.keyPosition(),
          "'confluence.discovery." + section + "' is ignored, because the discovery type is " + type));
    }
  }

  private void synchrony() {
    YamlMap synchrony = root.map("synchrony").orElse(empty());
    Optional<YamlScalar> mode = synchrony.scalar("mode");
    boolean standalone = mode.map(m -> m.text().equals(Synchrony.Mode.STANDALONE.yamlName())).orElse(false);
    if (!standalone) {
      for (String key : List.of("url", "port", "home", "hosts")) {
        synchrony.entry(key).ifPresent(e -> out.warning(e.keyPosition(),
            "'synchrony." + key + "' is ignored, because Synchrony is not standalone"));
      }
      return;
    }
    if (edition().orElse(null) == Edition.SERVER) {
      out.error(mode.get().position(), "standalone Synchrony runs only with a Data Center cluster",
          "use mode: managed with edition: server");
    }
    synchrony.scalar("url").filter(u -> u.text().matches(".*/v1/?$")).ifPresent(url -> out.error(url.position(),
        "'synchrony.url' ends with /v1", "write the URL browsers use without /v1; orchestrate adds /v1 where"
            + " Confluence needs it"));
    synchronyHosts(synchrony);
    synchronyPort(synchrony);
  }

  /**
   * What a configuration for the balancer needs: the certificate it presents on an https URL, a
   * key HAProxy can find, and a runtime API only where there is one (HAProxy's).
   */
  private void loadBalancer() {
    YamlMap balancer = root.map("loadBalancer").orElse(empty());
    Optional<YamlScalar> kind = balancer.scalar("kind");
    Optional<YamlScalar> url = balancer.scalar("url");
    boolean https = url.map(u -> u.text().startsWith("https://")).orElse(false);
    boolean haproxy = kind.map(k -> k.text().equals(LoadBalancer.Kind.HAPROXY.yamlName())).orElse(false);
    if (kind.isPresent() && url.isEmpty()) {
      out.error(kind.get().position(), "'loadBalancer.kind' needs the url users reach the cluster at",
          "write loadBalancer.url: the configuration listens on its host and port");
    }
    if (kind.isPresent() && https && balancer.entry("certificate").isEmpty()) {
      out.error(url.get().position(), "the balancer serves " + url.get().text() + " over https but no certificate"
          + " is named", "write loadBalancer.certificate: (and certificateKey: when the key is a file of its own),"
          + " paths on the balancer's host");
    }
    if (!https) {
      for (String key : List.of("certificate", "certificateKey")) {
        balancer.entry(key).ifPresent(e -> out.warning(e.keyPosition(),
            "'loadBalancer." + key + "' is ignored, because the url is not https"));
      }
    }
    Optional<YamlScalar> certificate = balancer.scalar("certificate");
    balancer.scalar("certificateKey").filter(key -> haproxy && https && certificate.isPresent()
        && !key.text().equals(certificate.get().text() + ".key")).ifPresent(key -> out.error(key.position(),
            "HAProxy reads the private key from the certificate file itself or from "
                + certificate.get().text() + ".key", "put the key there (or into the certificate's PEM) and write"
                + " certificateKey: " + certificate.get().text() + ".key, or leave certificateKey out"));
    balancer.entry("admin").filter(e -> kind.isPresent() && !haproxy).ifPresent(e -> out.error(e.keyPosition(),
        "'loadBalancer.admin' drives HAProxy's runtime API, and " + kind.get().text() + " has none orchestrate can"
            + " use", "leave admin out: " + kind.get().text() + "'s health checks take a stopped node out of service"));
  }

  private void synchronyHosts(YamlMap synchrony) {
    List<String> names = nodes.stream().flatMap(n -> n.text("name").stream()).distinct().toList();
    Map<String, YamlScalar> seen = new HashMap<>();
    for (YamlNode item : synchrony.list("hosts").map(YamlList::items).orElse(List.of())) {
      if (!(item instanceof YamlScalar host) || host.type() != YamlScalar.Type.STRING) {
        continue;
      }
      if (!names.contains(host.text())) {
        out.error(host.position(), "'synchrony.hosts' names '" + host.text() + "', which is not a node",
            Suggestions.nearest(host.text(), names).map(n -> "did you mean '" + n + "'?")
                .orElse("the nodes are " + String.join(", ", names)));
      }
      YamlScalar first = seen.putIfAbsent(host.text(), host);
      if (first != null) {
        out.error(host.position(), "'synchrony.hosts' lists '" + host.text() + "' twice (first at line "
            + first.position().line() + ")", "list each node once");
      }
    }
  }

  private void synchronyPort(YamlMap synchrony) {
    Optional<YamlScalar> written = synchrony.scalar("port").filter(p -> port(p).isPresent());
    int port = written.flatMap(TopologyRules::port).orElse(TopologySchema.DEFAULT_SYNCHRONY_PORT);
    Optional<YamlScalar> httpWritten = root.map("confluence").flatMap(c -> c.scalar("httpPort"))
        .filter(p -> port(p).isPresent());
    int http = httpWritten.flatMap(TopologyRules::port).orElse(TopologySchema.DEFAULT_HTTP_PORT);
    SourcePosition at = written.or(() -> httpWritten).map(YamlScalar::position).orElse(SourcePosition.START);
    if (port == http) {
      out.error(at, "Synchrony and Confluence would both listen on port " + port, "give synchrony.port another port");
    } else if (TAKEN_PORTS.containsKey(port)) {
      out.error(at, "synchrony port " + port + " is " + TAKEN_PORTS.get(port), "the usual Synchrony port is 8091");
    }
  }

  private static Optional<Integer> port(YamlScalar value) {
    if (value.type() != YamlScalar.Type.INTEGER || !value.text().matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    return Optional.of(Integer.parseInt(value.text()));
  }

  private void sshFiles() {
    List<YamlMap> sshSections = new ArrayList<>();
    root.map("ssh").ifPresent(sshSections::add);
    nodes.forEach(n -> n.map("ssh").ifPresent(sshSections::add));
    for (YamlMap ssh : sshSections) {
      // The key and known_hosts belong to whichever machine runs apply, often not the one that
      // validates (a CI runner gets them at run time), so their absence here is only a warning.
      ssh.scalar("identityFile").ifPresent(file -> localFile("ssh.identityFile", file, false));
      ssh.scalar("knownHosts").ifPresent(file -> localFile("ssh.knownHosts", file, false));
      ssh.scalar("passphraseEnv").ifPresent(variable -> environmentVariable("ssh.passphraseEnv", variable));
      ssh.scalar("passwordEnv").ifPresent(variable -> environmentVariable("ssh.passwordEnv", variable));
    }
  }

  private void localFile(String key, YamlScalar written, boolean mustExist) {
    if (written.type() != YamlScalar.Type.STRING || written.text().startsWith("~") && !written.text().matches("~(/.*)?")) {
      return;
    }
    Path file = LocalPaths.resolve(written.text(), baseDir, environment);
    String problem = null;
    if (!Files.exists(file)) {
      problem = "names " + file + ", which does not exist";
    } else if (!Files.isRegularFile(file)) {
      problem = "names " + file + ", which is not a file";
    } else if (!Files.isReadable(file)) {
      problem = "names " + file + ", which cannot be read";
    } else if (mustExist && size(file) == 0) {
      problem = "names " + file + ", which is empty";
    }
    if (problem == null) {
      return;
    }
    String message = "'" + key + "' " + problem;
    if (mustExist) {
      out.error(written.position(), message, "relative paths are read from the folder of this file");
    } else {
      out.warning(written.position(), message + " on this machine");
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private void environmentVariable(String key, YamlScalar name) {
    if (environment.variable(name.text()).filter(v -> !v.isEmpty()).isEmpty()) {
      out.warning(name.position(), "'" + key + "' names " + name.text()
          + ", which is not set here; plan and apply will need it");
    }
  }

  /** The edition asked for, or empty when the file names none the shape accepts (already reported). */
  private Optional<Edition> edition() {
    Optional<String> written = root.map("cluster").flatMap(c -> c.text("edition"));
    if (written.isEmpty()) {
      return Optional.of(Edition.DATACENTER);
    }
    return Arrays.stream(Edition.values()).filter(e -> e.yamlName().equals(written.get())).findFirst();
  }

  private static YamlMap empty() {
    return new YamlMap(SourcePosition.START, List.of());
  }
}
