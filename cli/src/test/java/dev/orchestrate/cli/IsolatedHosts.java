package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.OpenSshServer;
import dev.orchestrate.ssh.ServerFixtures;
import dev.orchestrate.ssh.ServerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Hosts as real machines are: each a Debian sshd in a mount namespace and a process table of its
 * own, where the default paths — /opt/atlassian/confluence, /var/atlassian/application-data, the
 * shared mount under /media/atl — are that host's own disk (and the shared home one directory for
 * all). {@link #asAdmin} sets them up as an admin meets them: root owns {@code /opt/atlassian},
 * {@code /var/atlassian/application-data} and the shared mount point; Confluence's files belong to
 * the {@code confluence} service user as Atlassian's installer leaves them (root owns the install
 * except {@code logs/}, {@code temp/} and {@code work/}; the local home is the service user's, mode
 * 750); the login is {@code deploy}, who may run anything through {@code sudo} without a password.
 * {@link #asRoot} leaves every file as the sandbox made it, for a root login. Root only: it makes
 * users, a sudoers file and namespaces.
 */
final class IsolatedHosts implements AutoCloseable {
  static final String SERVICE_USER = "confluence";
  static final String ADMIN = "deploy";
  static final List<String> MOUNT_POINTS = List.of("/opt/atlassian", "/var/atlassian/application-data",
      "/media/atl/confluence");
  /** The sandbox's simulated hosts read where they are from these; sudo must keep them, as it keeps nothing else. */
  private static final String KEPT = "SANDBOX_HOST SANDBOX_HOST_ADDRESS SANDBOX_HOST_ROOT SANDBOX_DATABASES"
      + " ORCHESTRATE_SANDBOX JAVA_HOME";

  private final List<OpenSshServer> servers;
  private final List<Path> created;

  private IsolatedHosts(List<OpenSshServer> servers, List<Path> created) {
    this.servers = servers;
    this.created = created;
  }

  /**
   * A sandbox of three hosts (the first on {@code firstAddress}) whose Server is stopped and told
   * its home's name on a real node, ready for {@link #asAdmin} or {@link #asRoot}; skipped outside
   * CI unless root, required in CI, since users, sudoers and namespaces need root.
   */
  static Sandbox.Status serverAtDefaultPaths(Path sandboxDir, String firstAddress, int attachmentsMb)
      throws Exception {
    ServerFixtures.requireOpenSsh();
    boolean root = System.getProperty("user.name").equals("root");
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(root, "skipped outside CI: users, sudoers and namespaces need root");
    }
    assertThat(root).as("CI runs as root, which users, sudoers and namespaces need").isTrue();
    Sandbox.Status sandbox = SandboxHosts.up(sandboxDir, firstAddress, 3, attachmentsMb);
    SandboxHosts.stopConfluence(sandboxDir, 1);
    Path init = sandbox.layout().installDir(1).resolve("confluence/WEB-INF/classes/confluence-init.properties");
    Files.writeString(init, Files.readString(init).replaceAll("(?m)^confluence\\.home=.*$",
        "confluence.home=/var/atlassian/application-data/confluence"));
    return sandbox;
  }

  /**
   * Makes the users and sudoers entry (kept for later runs, as a machine keeps them), gives the
   * sandbox's files their real owners, and starts an sshd per host on {@code addresses} whose
   * sessions are {@code deploy}'s; the sandbox's Server node must be stopped.
   */
  static IsolatedHosts asAdmin(Sandbox.Status sandbox, List<String> addresses, Path work) throws Exception {
    ensureUsers();
    giveRealOwners(sandbox, addresses.size(), work);
    return start(sandbox, addresses, work, Map.of("USER", ADMIN, "LOGNAME", ADMIN));
  }

  /** An sshd per host on {@code addresses}, for a root login; the sandbox's Server node must be stopped. */
  static IsolatedHosts asRoot(Sandbox.Status sandbox, List<String> addresses, Path work) throws Exception {
    return start(sandbox, addresses, work, Map.of());
  }

  private static IsolatedHosts start(Sandbox.Status sandbox, List<String> addresses, Path work,
      Map<String, String> login) throws Exception {
    List<Path> created = Stream.of("/media/atl/confluence", "/media/atl", "/var/atlassian/application-data",
        "/var/atlassian", "/opt/atlassian").map(Path::of).filter(p -> !Files.exists(p)).toList();
    Path sandboxDir = sandbox.layout().dir();
    List<OpenSshServer> servers = new ArrayList<>();
    for (int k = 1; k <= addresses.size(); k++) {
      Path host = sandbox.layout().hostRoot(k);
      Files.createDirectories(host.resolve("opt/atlassian"));
      Files.createDirectories(host.resolve("var/atlassian/application-data"));
      String mounts = "mkdir -p " + String.join(" ", MOUNT_POINTS) + "\n"
          + "mount --bind " + host.resolve("opt/atlassian") + " /opt/atlassian\n"
          + "mount --bind " + host.resolve("var/atlassian/application-data") + " /var/atlassian/application-data\n"
          + "mount --bind " + sandbox.layout().sharedMount() + " /media/atl/confluence";
      Map<String, String> session = new LinkedHashMap<>(Sandbox.hostEnvironment(sandboxDir, k));
      session.put("SANDBOX_HOST_ROOT", "/");
      session.put("SANDBOX_HOST_ADDRESS", addresses.get(k - 1));
      session.putAll(login);
      servers.add(OpenSshServer.start(ServerSpec.of(addresses.get(k - 1), sandboxDir.resolve("authorized_keys"),
          work.resolve("sshd" + k)).withVariables(session).withMounts(mounts)));
    }
    return new IsolatedHosts(List.copyOf(servers), created);
  }

  List<OpenSshServer> servers() {
    return servers;
  }

  /** known_hosts for every host, and the nodes: section of a cluster.yaml that reaches them. */
  String knownHosts() {
    StringBuilder lines = new StringBuilder();
    servers.forEach(server -> lines.append(server.knownHostsLine()).append('\n'));
    return lines.toString();
  }

  String nodes() {
    StringBuilder nodes = new StringBuilder();
    for (int k = 1; k <= servers.size(); k++) {
      OpenSshServer server = servers.get(k - 1);
      nodes.append("  - {name: node").append(k).append(", host: ").append(server.address()).append(", ssh: {port: ")
          .append(server.port()).append("}}\n");
    }
    return nodes.toString();
  }

  /**
   * A cluster.yaml for these hosts at Atlassian's default paths, which each host sees on its own
   * disk: logged in as {@code user} ({@code become: sudo} unless it is root), with the sandbox's
   * key, database and password, and known_hosts beside it.
   */
  String clusterYaml(Sandbox.Status sandbox, String name, String edition, Path license, String user) {
    String become = user.equals("root") ? "" : ", become: sudo";
    return """
        # Every path is the default: each host sees its own disk there.
        cluster: {name: %s, edition: %s}
        ssh: {user: %s%s, identityFile: %s, knownHosts: known_hosts}
        confluence:
          sharedHome: /media/atl/confluence/shared-home
          license: {file: %s}
          startTimeout: 1m
          stopTimeout: 1m
        database: {url: "jdbc:postgresql://127.0.0.1:5432/confluence", username: confluence, passwordFile: %s}
        nodes:
        %s""".formatted(name, edition, user, become, sandbox.layout().clientKey(), license,
        sandbox.layout().databasePassword(), nodes());
  }

  @Override
  public void close() {
    servers.forEach(OpenSshServer::close);
    for (Path point : created) {
      try {
        Files.deleteIfExists(point);
      } catch (IOException e) {
        // Something else put files there since: it stays.
      }
    }
  }

  private static void ensureUsers() throws Exception {
    // '*' rather than useradd's locked '!': sshd without PAM refuses keys to a locked account.
    sh("id -u " + SERVICE_USER + " >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /bin/sh "
        + SERVICE_USER);
    sh("id -u " + ADMIN + " >/dev/null 2>&1 || useradd --create-home --shell /bin/sh -p '*' " + ADMIN);
    Files.writeString(Path.of("/etc/sudoers.d/orchestrate-test-" + ADMIN), ADMIN + " ALL=(ALL) NOPASSWD: ALL\n"
        + "Defaults:" + ADMIN + " env_keep += \"" + KEPT + "\"\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(Path.of("/etc/sudoers.d/orchestrate-test-" + ADMIN),
        PosixFilePermissions.fromString("r--r-----"));
  }

  /**
   * As Atlassian's installer and an admin leave a machine: root owns the install (readable by
   * all) but logs/, temp/ and work/; the service user owns the local home, mode 750, and names
   * itself in bin/user.sh; root owns the shared mount point; the simulated database is the
   * service user's (it stands for a server Confluence logs in to).
   */
  private static void giveRealOwners(Sandbox.Status sandbox, int hosts, Path work) throws Exception {
    var layout = sandbox.layout();
    Path install = layout.installDir(1);
    Files.writeString(install.resolve("bin/user.sh"), "# The user Confluence runs as when started by root.\n"
        + "CONF_USER=\"" + SERVICE_USER + "\"\nexport CONF_USER\n", StandardCharsets.UTF_8);
    StringBuilder script = new StringBuilder("set -e\n")
        .append("chmod 755 ").append(q(work)).append(' ').append(q(layout.dir())).append('\n')
        .append("chmod -R go+rX ").append(q(layout.dir().resolve("hosts"))).append(' ')
        .append(q(layout.dir().resolve("authorized_keys"))).append('\n')
        .append("chown -R root:root ").append(q(install)).append('\n')
        .append("chmod -R go+rX ").append(q(install)).append('\n')
        .append("chown -R ").append(SERVICE_USER).append(": ").append(q(install.resolve("logs"))).append(' ')
        .append(q(install.resolve("temp"))).append(' ').append(q(install.resolve("work"))).append('\n')
        .append("chown -R ").append(SERVICE_USER).append(": ").append(q(layout.localHome(1))).append(' ')
        .append(q(layout.databases())).append('\n')
        .append("chmod 750 ").append(q(layout.localHome(1))).append('\n')
        .append("chmod -R o-rwx ").append(q(layout.localHome(1))).append('\n')
        .append("mkdir -p ").append(q(layout.sharedMount())).append('\n')
        .append("chown root:root ").append(q(layout.sharedMount())).append("\nchmod 755 ")
        .append(q(layout.sharedMount())).append('\n');
    for (int k = 1; k <= hosts; k++) {
      Path root = layout.hostRoot(k);
      script.append("mkdir -p ").append(q(root.resolve("opt/atlassian"))).append(' ')
          .append(q(root.resolve("var/atlassian/application-data"))).append('\n')
          .append("chown root:root ").append(q(root.resolve("opt/atlassian"))).append(' ')
          .append(q(root.resolve("var/atlassian/application-data"))).append('\n');
    }
    sh(script.toString());
  }

  private static String q(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }

  static String sh(String script) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(script + "\n" + out).isZero();
    return out;
  }

  /**
   * The users the simulated Confluence processes of the host at {@code address} run as. Each host
   * has a process table of its own, so its PID file means nothing here: the processes are found
   * by the host address in their environment.
   */
  static List<String> confluenceUsers(String address) throws IOException {
    List<String> users = new ArrayList<>();
    for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
      if (!process.info().commandLine().orElse("").contains("ConfluenceNode")) {
        continue;
      }
      String environment;
      try {
        environment = new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/environ")),
            StandardCharsets.UTF_8);
      } catch (IOException gone) {
        continue;
      }
      if (("\0" + environment).contains("\0SANDBOX_HOST_ADDRESS=" + address + "\0")) {
        users.add(process.info().user().orElse("?"));
      }
    }
    return users;
  }

  /**
   * Every file and folder under {@code root} with its owner, group, mode and, for a file, its
   * SHA-256: what "every file's owner, mode and checksum as expected" is compared with.
   */
  static Map<String, String> ledger(Path root) {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        String what = attributes.isRegularFile() ? sha256(path) : attributes.isDirectory() ? "dir" : "other";
        entries.put(root.relativize(path).toString(), attributes.owner().getName() + ":" + attributes.group().getName()
            + " " + PosixFilePermissions.toString(attributes.permissions()) + " " + what);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** Owner and group of every entry under {@code root} that is not {@code expected}, for a readable failure. */
  static Map<String, String> ownedOtherwise(Path root, String expected) {
    Map<String, String> wrong = new TreeMap<>();
    ledger(root).forEach((path, entry) -> {
      if (!entry.startsWith(expected + " ")) {
        wrong.put(path, entry);
      }
    });
    return wrong;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
