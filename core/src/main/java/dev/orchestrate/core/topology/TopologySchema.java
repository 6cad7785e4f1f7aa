package dev.orchestrate.core.topology;

import dev.orchestrate.core.shape.ListShape;
import dev.orchestrate.core.shape.ObjectShape;
import dev.orchestrate.core.shape.ObjectShape.Requirement;
import dev.orchestrate.core.shape.Problem;
import dev.orchestrate.core.shape.ScalarShape;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The shape of cluster.yaml (format version 1): every key, its type, default and meaning. The
 * checker and the {@code orchestrate schema} output are both made from it; {@link TopologyRules}
 * adds what a shape cannot say, and {@link TopologyBinder} reads the defaults from the constants
 * below.
 */
public final class TopologySchema {
  public static final int VERSION = 1;

  static final String DEFAULT_INSTALL_DIR = "/opt/atlassian/confluence";
  static final String DEFAULT_LOCAL_HOME = "/var/atlassian/application-data/confluence";
  static final int DEFAULT_HTTP_PORT = 8090;
  static final String DEFAULT_SYSTEMD_UNIT = "confluence.service";
  static final String DEFAULT_START_TIMEOUT = "10m";
  static final String DEFAULT_STOP_TIMEOUT = "3m";
  static final int DEFAULT_SSH_PORT = 22;
  static final String DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts";
  static final String DEFAULT_CONNECT_TIMEOUT = "10s";
  static final int DEFAULT_MULTICAST_TTL = 1;
  static final int DEFAULT_SYNCHRONY_PORT = 8091;
  static final String DEFAULT_SYNCHRONY_HOME = "/opt/atlassian/synchrony";
  static final String DEFAULT_RUNTIME_API = "/run/haproxy/admin.sock";
  static final String DEFAULT_BACKEND = "confluence";
  static final String DEFAULT_DRAIN_TIMEOUT = "2m";

  /** Group names of playbooks' {@code hosts:}; a node may not take one as its name. */
  static final Set<String> RESERVED_NODE_NAMES =
      Set.of("all", "ungrouped", "confluence", "synchrony", "first", "others", "localhost", "new_nodes",
          "cluster_nodes", "stopped_nodes", "running_others", LoadBalancer.HOST_NAME);

  private static final ScalarShape DURATION = ScalarShape.matching(Durations.PATTERN,
          "a duration such as 30s, 5m or 1h")
      .withCheck(text -> {
        try {
          return Durations.parse(text).isZero() ? Optional.of(Problem.of("must be longer than 0s")) : Optional.empty();
        } catch (IllegalArgumentException e) {
          return Optional.of(Problem.of("is too long a duration"));
        }
      });
  private static final ScalarShape PORT = ScalarShape.integer(1, 65535);
  private static final ScalarShape NODE_DIRECTORY = ScalarShape.matching("^/.*$", "an absolute path on the node")
      .withCheck(text -> RemotePath.problem(text).map(Problem::of)
          .or(() -> RemotePath.of(text).isRoot()
              ? Optional.of(Problem.of("cannot be the root directory /"))
              : Optional.empty()));
  private static final ScalarShape LOCAL_FILE = ScalarShape.matching("^[^~].*$|^~$|^~/.*$",
      "a path on this machine (absolute, relative to this file, or starting with ~/)");
  private static final ScalarShape ENV_NAME = ScalarShape.matching("^[A-Za-z_][A-Za-z0-9_]*$",
      "the name of an environment variable (letters, digits and _)");
  private static final ScalarShape HOST = ScalarShape.matching(HostNames.PATTERN,
          "a host name or an IP address")
      .withCheck(text -> HostNames.problem(text).map(Problem::of));
  private static final ScalarShape NODE_NAME = ScalarShape.matching("^[A-Za-z0-9][A-Za-z0-9_.-]*$",
          "a name of letters, digits, '.', '_' and '-' (such as node1)")
      .withCheck(text -> RESERVED_NODE_NAMES.contains(text)
          ? Optional.of(Problem.of("is reserved: playbooks use '" + text + "' as a group of nodes",
              "choose another name, such as node1"))
          : Optional.empty());
  private static final ScalarShape HTTP_URL = ScalarShape.matching("^https?://[^\\s]+$",
          "an http:// or https:// URL")
      .withCheck(TopologySchema::urlProblem);

  private static final ObjectShape CLUSTER = ObjectShape.builder("cluster")
      .required("name", "The cluster's name; becomes confluence.cluster.name on every node.",
          ScalarShape.matching("^\\S(.*\\S)?$", "a name without leading or trailing spaces"))
      .optional("edition", "datacenter: the nodes form one Data Center cluster. server: the first node becomes"
              + " the one Server installation and every other node is stopped.",
          ScalarShape.oneOf(YamlWords.words(Edition.values())), Edition.DATACENTER.yamlName())
      .build();

  private static final ObjectShape MULTICAST = ObjectShape.builder("multicast discovery")
      .required("address", "The multicast group (confluence.cluster.address), from 224.0.0.0 to 239.255.255.255.",
          ScalarShape.matching("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$", "an IPv4 multicast address such as 230.0.0.1")
              .withCheck(TopologySchema::multicastProblem))
      .optional("ttl", "How many network hops multicast packets may cross (confluence.cluster.ttl).",
          ScalarShape.integer(0, 255), DEFAULT_MULTICAST_TTL)
      .build();

  private static final ObjectShape AWS = ObjectShape.builder("aws discovery")
      .required("region", "The AWS region the nodes run in (confluence.cluster.aws.region).",
          ScalarShape.matching("^[a-z]{2}(-[a-z]+)+-[0-9]+$", "an AWS region such as eu-west-1"))
      .optional("iamRole", "The IAM role the nodes discover each other with (confluence.cluster.aws.iam.role).",
          ScalarShape.string())
      .optional("accessKeyEnv", "Instead of iamRole: the environment variable holding the access key id.", ENV_NAME)
      .optional("secretKeyEnv", "With accessKeyEnv: the environment variable holding the secret access key.",
          ENV_NAME)
      .optional("hostHeader", "The EC2 API endpoint, when not the region's default.", ScalarShape.string())
      .optional("securityGroup", "Only instances in this security group join.", ScalarShape.string())
      .optional("tagKey", "With tagValue: only instances carrying this tag join.", ScalarShape.string())
      .optional("tagValue", "With tagKey: the tag's value.", ScalarShape.string())
      .forbidden("secretKey", "must not be written in cluster.yaml", "use secretKeyEnv")
      .forbidden("accessKey", "must not be written in cluster.yaml", "use accessKeyEnv")
      .exactlyOneOf("iamRole", "accessKeyEnv")
      .together("accessKeyEnv", "secretKeyEnv")
      .together("tagKey", "tagValue")
      .build();

  private static final ObjectShape DISCOVERY = ObjectShape.builder("discovery")
      .optional("type", "How nodes find each other (confluence.cluster.join.type). tcp_ip lists every node's"
              + " host as a peer.",
          ScalarShape.oneOf(YamlWords.words(Discovery.Type.values())),
          Discovery.Type.TCP_IP.yamlName())
      .optional("interface", "The network interface cluster traffic uses (confluence.cluster.interface).",
          ScalarShape.matching("^[A-Za-z0-9_.:@-]{1,15}$", "a network interface name such as eth0"))
      .optional("multicast", "Settings for type: multicast.", MULTICAST)
      .optional("aws", "Settings for type: aws.", AWS)
      .require(new Requirement(List.of("type"), "multicast", false, List.of("multicast"),
          "multicast discovery needs a group address"))
      .require(new Requirement(List.of("type"), "aws", false, List.of("aws"),
          "aws discovery needs at least a region"))
      .build();

  private static final ObjectShape LICENSE = ObjectShape.builder("license")
      .optional("file", "A file holding the license key, on this machine.", LOCAL_FILE)
      .optional("env", "An environment variable holding the license key.", ENV_NAME)
      .forbidden("key", "must not be written in cluster.yaml", "put the license in a file or an environment"
          + " variable and use file or env")
      .exactlyOneOf("file", "env")
      .build();

  private static final ObjectShape CONFLUENCE = ObjectShape.builder("confluence")
      .optional("installDir", "The installation directory on every node (a node may override it).",
          NODE_DIRECTORY, DEFAULT_INSTALL_DIR)
      .optional("localHome", "The local home on every node (a node may override it; confluence.home is then"
          + " set there).", NODE_DIRECTORY, DEFAULT_LOCAL_HOME)
      .optional("sharedHome", "The shared home (confluence.cluster.home): one directory, at this same path on"
          + " every node, outside every local home. Required for datacenter.", NODE_DIRECTORY)
      .optional("httpPort", "The port Confluence serves HTTP on.", PORT, DEFAULT_HTTP_PORT)
      .optional("control", "How Confluence is started and stopped: its scripts in bin/, or a systemd unit.",
          ScalarShape.oneOf(YamlWords.words(ConfluenceSettings.Control.values())),
          ConfluenceSettings.Control.SCRIPTS.yamlName())
      .optional("systemdUnit", "The systemd unit, with control: systemd.",
          ScalarShape.matching("^[A-Za-z0-9:_.@-]+$", "a systemd unit name such as confluence.service"),
          DEFAULT_SYSTEMD_UNIT)
      .required("license", "The license for the edition asked for: exactly one of file or env.", LICENSE)
      .optional("discovery", "How cluster nodes find each other.", DISCOVERY)
      .optional("startTimeout", "How long a node may take to reach RUNNING.", DURATION, DEFAULT_START_TIMEOUT)
      .optional("stopTimeout", "How long a node may take to stop.", DURATION, DEFAULT_STOP_TIMEOUT)
      .build();

  private static final ObjectShape DATABASE = ObjectShape.builder("database")
      .required("url", "The JDBC URL every node uses (hibernate.connection.url).",
          ScalarShape.matching("^jdbc:[A-Za-z0-9]+:.+$", "a JDBC URL such as jdbc:postgresql://db:5432/confluence"))
      .required("username", "The database user.", ScalarShape.string())
      .optional("passwordEnv", "The environment variable holding the database password.", ENV_NAME)
      .optional("passwordFile", "A file on this machine holding the database password.", LOCAL_FILE)
      .forbidden("password", "must not be written in cluster.yaml", "use passwordEnv or passwordFile")
      .exactlyOneOf("passwordEnv", "passwordFile")
      .build();

  private static final ObjectShape SYNCHRONY = ObjectShape.builder("synchrony")
      .optional("mode", "managed: Confluence runs Synchrony itself. standalone: orchestrate runs it on the"
              + " nodes in hosts. off: no collaborative editing.",
          ScalarShape.oneOf(YamlWords.words(Synchrony.Mode.values())),
          Synchrony.Mode.MANAGED.yamlName())
      .optional("url", "Standalone: the URL browsers reach Synchrony at, without /v1.", HTTP_URL)
      .optional("port", "Standalone: the port Synchrony listens on.", PORT, DEFAULT_SYNCHRONY_PORT)
      .optional("home", "Standalone: the directory that holds Synchrony's jar, start script and PID file.",
          NODE_DIRECTORY, DEFAULT_SYNCHRONY_HOME)
      .optional("hosts", "Standalone: the names of the nodes that run Synchrony (default: every node).",
          ListShape.atLeastOne(NODE_NAME))
      .require(new Requirement(List.of("mode"), "standalone", false, List.of("url"),
          "standalone Synchrony needs the URL browsers reach it at"))
      .build();

  private static final ScalarShape BALANCER_FILE = ScalarShape.matching("^/.*$",
      "an absolute path on the balancer's host");

  private static final ObjectShape BALANCER_ADMIN = ObjectShape.builder("loadBalancer.admin")
      .required("host", "The balancer's host, reached over SSH as the nodes are, to drain nodes and read their state.",
          HOST)
      .optional("ssh", "SSH settings for the balancer's host that differ from the file's ssh section.", ssh(false))
      .optional("runtimeApi", "HAProxy's runtime API on that host: its admin socket's path (stats socket PATH level"
              + " admin) or ADDRESS:PORT.",
          ScalarShape.matching("^/.+$|^[^/\\s]+:[0-9]{1,5}$", "a socket path such as /run/haproxy/admin.sock or"
              + " 127.0.0.1:9999"),
          DEFAULT_RUNTIME_API)
      .optional("backend", "The HAProxy backend that holds the nodes, each server named as its node.",
          ScalarShape.matching("^[A-Za-z0-9_.:-]+$", "a backend name of letters, digits, '.', '_', ':' and '-'"),
          DEFAULT_BACKEND)
      .optional("drainTimeout", "How long a draining node's sessions are waited for before it is stopped anyway.",
          DURATION, DEFAULT_DRAIN_TIMEOUT)
      .build();

  private static final ObjectShape LOAD_BALANCER = ObjectShape.builder("loadBalancer")
      .optional("url", "Where users reach the cluster; checked after apply when set, and where the configuration"
          + " `orchestrate lb-config` writes listens.", HTTP_URL)
      .optional("kind", "Which load balancer `orchestrate lb-config` writes a configuration for.",
          ScalarShape.oneOf(YamlWords.words(LoadBalancer.Kind.values())))
      .optional("certificate", "With an https url: the certificate file (PEM) on the balancer's host.", BALANCER_FILE)
      .optional("certificateKey", "With an https url: the certificate's private key on the balancer's host, when the"
          + " certificate file does not hold it.", BALANCER_FILE)
      .optional("admin", "HAProxy only: how orchestrate reaches the balancer to drain a node before it stops and to"
          + " show what the balancer thinks of each node.", BALANCER_ADMIN)
      .build();

  private static final ObjectShape SSH = ssh(true);

  private static final ObjectShape NODE = ObjectShape.builder("node")
      .required("name", "The node's name in plans and playbooks (hosts: node2).", NODE_NAME)
      .required("host", "The address SSH connects to; also this node's entry in confluence.cluster.peers.", HOST)
      .optional("installDir", "This node's installation directory, when not confluence.installDir.",
          NODE_DIRECTORY)
      .optional("localHome", "This node's local home, when not confluence.localHome.", NODE_DIRECTORY)
      .optional("synchronyHome", "Where standalone Synchrony lives on this node, when not synchrony.home.",
          NODE_DIRECTORY)
      .optional("ssh", "SSH settings of this node that differ from the file's ssh section.", ssh(false))
      .build();

  /** The whole file. */
  public static final ObjectShape ROOT = ObjectShape.builder("cluster.yaml")
      .optional("version", "The format version of this file.", ScalarShape.integer(VERSION, VERSION), VERSION)
      .required("cluster", "The cluster's name and edition.", CLUSTER)
      .optional("ssh", "How every host is reached; a node may override any key.", SSH)
      .required("confluence", "Where Confluence lives on the nodes and how it is run.", CONFLUENCE)
      .optional("database", "The external database every node shares. Required for datacenter.", DATABASE)
      .optional("synchrony", "Synchrony, the collaborative-editing service.", SYNCHRONY)
      .optional("loadBalancer", "The load balancer in front of the cluster.", LOAD_BALANCER)
      .required("nodes", "The nodes, in start order; the first is the existing Server node.",
          ListShape.atLeastOne(NODE))
      .require(new Requirement(List.of("cluster", "edition"), Edition.DATACENTER.yamlName(), true,
          List.of("confluence", "sharedHome"), "a datacenter cluster needs a shared home"))
      .require(new Requirement(List.of("cluster", "edition"), Edition.DATACENTER.yamlName(), true,
          List.of("database"), "a datacenter cluster needs an external database"))
      .build();

  private TopologySchema() {}

  private static ObjectShape ssh(boolean withDefaults) {
    String inherit = withDefaults ? "" : " Default: the file's ssh section.";
    ObjectShape.Builder ssh = ObjectShape.builder("ssh");
    ScalarShape user = ScalarShape.matching("^[A-Za-z0-9_][A-Za-z0-9_.@-]*$", "a user name");
    ScalarShape become = ScalarShape.oneOf(YamlWords.words(SshSettings.Become.values()));
    if (withDefaults) {
      ssh.optional("user", "The remote user. Default: the user running orchestrate.", user)
          .optional("port", "The SSH port.", PORT, DEFAULT_SSH_PORT)
          .optional("identityFile", "The private key to log in with. Default: the SSH agent if one runs, then"
              + " ~/.ssh/id_ed25519 and ~/.ssh/id_rsa.", LOCAL_FILE)
          .optional("passphraseEnv", "The environment variable holding identityFile's passphrase, if it has one.",
              ENV_NAME)
          .optional("passwordEnv", "The environment variable holding a login password, tried after keys;"
              + " a key is better.", ENV_NAME)
          .optional("knownHosts", "The known_hosts file host keys are checked against; an unknown or changed key"
              + " stops the run.", LOCAL_FILE, DEFAULT_KNOWN_HOSTS)
          .optional("become", "none, or sudo: remote commands run through `sudo -n`.", become,
              SshSettings.Become.NONE.yamlName())
          .optional("connectTimeout", "How long connecting to a host may take.", DURATION, DEFAULT_CONNECT_TIMEOUT);
    } else {
      ssh.optional("user", "The remote user." + inherit, user)
          .optional("port", "The SSH port." + inherit, PORT)
          .optional("identityFile", "The private key to log in with." + inherit, LOCAL_FILE)
          .optional("passphraseEnv", "The environment variable holding identityFile's passphrase." + inherit,
              ENV_NAME)
          .optional("passwordEnv", "The environment variable holding a login password." + inherit, ENV_NAME)
          .optional("knownHosts", "The known_hosts file host keys are checked against." + inherit, LOCAL_FILE)
          .optional("become", "none, or sudo." + inherit, become)
          .optional("connectTimeout", "How long connecting may take." + inherit, DURATION);
    }
    return ssh.forbidden("password", "must not be written in cluster.yaml", "use passwordEnv, or better a key")
        .forbidden("passphrase", "must not be written in cluster.yaml", "use passphraseEnv")
        .build();
  }

  private static Optional<Problem> multicastProblem(String address) {
    String[] parts = address.split("\\.");
    for (String part : parts) {
      if (Integer.parseInt(part) > 255) {
        return Optional.of(Problem.of("is not an IPv4 address: '" + part + "' is above 255"));
      }
    }
    int first = Integer.parseInt(parts[0]);
    if (first < 224 || first > 239) {
      return Optional.of(Problem.of("is not a multicast address: those run from 224.0.0.0 to 239.255.255.255",
          "Confluence's own default group is 230.0.0.1"));
    }
    return Optional.empty();
  }

  private static Optional<Problem> urlProblem(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null) {
        return Optional.of(Problem.of("has no host name"));
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of(Problem.of("is not a valid URL: " + e.getReason()));
    }
  }
}
