package dev.orchestrate.core.topology;

import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_BACKEND;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_CONNECT_TIMEOUT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_DRAIN_TIMEOUT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_RUNTIME_API;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_HTTP_PORT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_INSTALL_DIR;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_KNOWN_HOSTS;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_LOCAL_HOME;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_MULTICAST_TTL;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_SSH_PORT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_START_TIMEOUT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_STOP_TIMEOUT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_SYNCHRONY_HOME;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_SYNCHRONY_PORT;
import static dev.orchestrate.core.topology.TopologySchema.DEFAULT_SYSTEMD_UNIT;

import dev.orchestrate.core.diagnostic.SourcePosition;
import dev.orchestrate.core.yaml.YamlMap;
import dev.orchestrate.core.yaml.YamlScalar;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns a cluster.yaml tree that passed every check into a {@link Topology}: defaults applied,
 * each node's overrides laid over the file's settings, durations parsed, {@code ~} expanded and
 * relative paths resolved against the file's folder. Given a tree with errors it may throw; the
 * loader never gives it one.
 */
final class TopologyBinder {
  private static final YamlMap EMPTY = new YamlMap(SourcePosition.START, List.of());

  private final Path source;
  private final Path baseDir;
  private final Environment environment;

  private TopologyBinder(Path source, Environment environment) {
    this.source = source.toAbsolutePath().normalize();
    this.baseDir = this.source.getParent();
    this.environment = environment;
  }

  static Topology bind(YamlMap root, Path source, Environment environment) {
    return new TopologyBinder(source, environment).topology(root);
  }

  private Topology topology(YamlMap root) {
    YamlMap cluster = section(root, "cluster");
    ClusterSettings clusterSettings = new ClusterSettings(cluster.text("name").orElseThrow(),
        Edition.fromYaml(cluster.text("edition").orElse(Edition.DATACENTER.yamlName())));
    ConfluenceSettings confluence = confluence(section(root, "confluence"));
    SshSettings ssh = ssh(section(root, "ssh"), defaultSsh());
    RemotePath synchronyHome = remotePath(section(root, "synchrony"), "home")
        .orElse(RemotePath.of(DEFAULT_SYNCHRONY_HOME));
    List<Node> nodes = root.list("nodes").orElseThrow().items().stream()
        .map(item -> node((YamlMap) item, confluence, synchronyHome, ssh))
        .toList();
    return new Topology(source, clusterSettings, confluence,
        root.map("database").map(this::database),
        synchrony(section(root, "synchrony"), nodes),
        loadBalancer(section(root, "loadBalancer"), ssh),
        nodes);
  }

  private ConfluenceSettings confluence(YamlMap confluence) {
    YamlMap license = section(confluence, "license");
    return new ConfluenceSettings(
        remotePath(confluence, "installDir").orElse(RemotePath.of(DEFAULT_INSTALL_DIR)),
        remotePath(confluence, "localHome").orElse(RemotePath.of(DEFAULT_LOCAL_HOME)),
        remotePath(confluence, "sharedHome"),
        integer(confluence, "httpPort").orElse(DEFAULT_HTTP_PORT),
        word(confluence, "control", ConfluenceSettings.Control.values())
            .orElse(ConfluenceSettings.Control.SCRIPTS),
        confluence.text("systemdUnit").orElse(DEFAULT_SYSTEMD_UNIT),
        secret(license, "env", "file").orElseThrow(),
        discovery(section(confluence, "discovery")),
        Durations.parse(confluence.text("startTimeout").orElse(DEFAULT_START_TIMEOUT)),
        Durations.parse(confluence.text("stopTimeout").orElse(DEFAULT_STOP_TIMEOUT)));
  }

  private Discovery discovery(YamlMap discovery) {
    Discovery.Type type = word(discovery, "type", Discovery.Type.values())
        .orElse(Discovery.Type.TCP_IP);
    Optional<Discovery.Multicast> multicast = type != Discovery.Type.MULTICAST ? Optional.empty()
        : discovery.map("multicast").map(m -> new Discovery.Multicast(m.text("address").orElseThrow(),
            integer(m, "ttl").orElse(DEFAULT_MULTICAST_TTL)));
    Optional<Discovery.Aws> aws = type != Discovery.Type.AWS ? Optional.empty()
        : discovery.map("aws").map(a -> new Discovery.Aws(a.text("region").orElseThrow(), a.text("iamRole"),
            a.text("accessKeyEnv").map(SecretSource.FromEnvironment::new),
            a.text("secretKeyEnv").map(SecretSource.FromEnvironment::new),
            a.text("hostHeader"), a.text("securityGroup"), a.text("tagKey"), a.text("tagValue")));
    return new Discovery(type, discovery.text("interface"), multicast, aws);
  }

  private Database database(YamlMap database) {
    return new Database(database.text("url").orElseThrow(), database.text("username").orElseThrow(),
        secret(database, "passwordEnv", "passwordFile").orElseThrow());
  }

  private Synchrony synchrony(YamlMap synchrony, List<Node> nodes) {
    Synchrony.Mode mode = word(synchrony, "mode", Synchrony.Mode.values())
        .orElse(Synchrony.Mode.MANAGED);
    boolean standalone = mode == Synchrony.Mode.STANDALONE;
    List<String> hosts = !standalone ? List.of()
        : synchrony.list("hosts").map(l -> l.items().stream().map(i -> ((YamlScalar) i).text()).toList())
            .orElse(nodes.stream().map(Node::name).toList());
    return new Synchrony(mode,
        standalone ? synchrony.text("url").map(URI::create) : Optional.empty(),
        integer(synchrony, "port").orElse(DEFAULT_SYNCHRONY_PORT),
        remotePath(synchrony, "home").orElse(RemotePath.of(DEFAULT_SYNCHRONY_HOME)),
        hosts);
  }

  private LoadBalancer loadBalancer(YamlMap loadBalancer, SshSettings ssh) {
    return new LoadBalancer(loadBalancer.text("url").map(URI::create),
        word(loadBalancer, "kind", LoadBalancer.Kind.values()),
        remotePath(loadBalancer, "certificate"), remotePath(loadBalancer, "certificateKey"),
        loadBalancer.map("admin").map(admin -> new LoadBalancer.Admin(admin.text("host").orElseThrow(),
            ssh(section(admin, "ssh"), ssh),
            admin.text("runtimeApi").orElse(DEFAULT_RUNTIME_API),
            admin.text("backend").orElse(DEFAULT_BACKEND),
            Durations.parse(admin.text("drainTimeout").orElse(DEFAULT_DRAIN_TIMEOUT)))));
  }

  private Node node(YamlMap node, ConfluenceSettings confluence, RemotePath synchronyHome, SshSettings ssh) {
    return new Node(node.text("name").orElseThrow(), node.text("host").orElseThrow(),
        remotePath(node, "installDir").orElse(confluence.installDir()),
        remotePath(node, "localHome").orElse(confluence.localHome()),
        remotePath(node, "synchronyHome").orElse(synchronyHome),
        ssh(section(node, "ssh"), ssh));
  }

  private SshSettings defaultSsh() {
    return new SshSettings(environment.userName(), DEFAULT_SSH_PORT, Optional.empty(), Optional.empty(),
        Optional.empty(), localPath(DEFAULT_KNOWN_HOSTS), SshSettings.Become.NONE, Durations.parse(DEFAULT_CONNECT_TIMEOUT));
  }

  /** {@code ssh}'s keys laid over {@code inherited}, key by key. */
  private SshSettings ssh(YamlMap ssh, SshSettings inherited) {
    return new SshSettings(
        ssh.text("user").orElse(inherited.user()),
        integer(ssh, "port").orElse(inherited.port()),
        ssh.text("identityFile").map(this::localPath).or(inherited::identityFile),
        ssh.text("passphraseEnv").or(inherited::passphraseEnv),
        ssh.text("passwordEnv").or(inherited::passwordEnv),
        ssh.text("knownHosts").map(this::localPath).orElse(inherited.knownHosts()),
        word(ssh, "become", SshSettings.Become.values()).orElse(inherited.become()),
        ssh.text("connectTimeout").map(Durations::parse).orElse(inherited.connectTimeout()));
  }

  private Optional<SecretSource> secret(YamlMap map, String envKey, String fileKey) {
    return map.text(envKey).<SecretSource>map(SecretSource.FromEnvironment::new)
        .or(() -> map.text(fileKey).map(f -> new SecretSource.FromFile(localPath(f))));
  }

  private Path localPath(String text) {
    return LocalPaths.resolve(text, baseDir, environment);
  }

  private static YamlMap section(YamlMap parent, String key) {
    return parent.map(key).orElse(EMPTY);
  }

  private static Optional<RemotePath> remotePath(YamlMap map, String key) {
    return map.text(key).map(RemotePath::of);
  }

  private static Optional<Integer> integer(YamlMap map, String key) {
    return map.text(key).map(Integer::parseInt);
  }

  private static <E extends Enum<E> & YamlWord> Optional<E> word(YamlMap map, String key, E[] values) {
    return map.text(key).map(text -> YamlWords.find(values, text));
  }
}
