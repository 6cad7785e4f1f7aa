package dev.orchestrate.benchmarks;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.sandbox.SandboxLayout;
import dev.orchestrate.ssh.OpenSshServer;
import dev.orchestrate.ssh.ServerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Server → Data Center migration timed side by side: {@code orchestrate apply} with its
 * built-in procedure, then {@code ansible-playbook} with benchmarks/ansible/server-to-datacenter.yml,
 * in turn, each on a fresh Server. A run is the whole process of the tool, from its start to its
 * exit; it counts only if the tool exits 0 and afterwards every node answers RUNNING with the
 * clustering keys in its confluence.cfg.xml and every attachment is in the shared home.
 *
 * <p>Each run's hosts are the sandbox's three hosts (20 MB of attachments, a 10 MB index, nodes
 * RUNNING 1 s after their start) behind a Debian sshd each, in a mount namespace of its own where
 * /opt/atlassian, /var/atlassian/application-data and /media/atl/confluence are that host's own
 * disk — as the cli's IsolatedHosts sets them up. The Server is running when the timed run starts,
 * as on a real site. Root only (namespaces).
 *
 * <p>Arguments: the repository root, the number of runs per tool, orchestrate's jar, a work directory
 * (where each run's output stays: orchestrate.log, ansible.log and Ansible's timestamped
 * ansible-tasks.log).
 */
public final class MigrationSideBySide {
  private static final List<String> ADDRESSES = List.of("127.0.1.184", "127.0.1.185", "127.0.1.186");
  private static final String SHARED_HOME = "/media/atl/confluence/shared-home";
  private static final String INSTALL = "/opt/atlassian/confluence";
  private static final int ATTACHMENTS_MB = 20;
  private static final int INDEX_MB = 10;
  private static final Duration START_DELAY = Duration.ofSeconds(1);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern START_ENDED = Pattern.compile("\\{\"event\":\"task_end\",.*\"at\":\"([^\"]+)\","
      + ".*\"node\":\"node(\\d+)\",\"task\":\"Start Confluence and wait for RUNNING\"");
  private static final Pattern READY = Pattern.compile("^(\\S+ \\S+) INFO .*Confluence is ready to serve");
  private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

  private enum Tool { ORCHESTRATE, ANSIBLE }

  private final Path repository;
  private final Path orchestrateJar;
  private final Path work;
  /** For each start of a node by orchestrate: milliseconds from the node logging RUNNING to the task's end. */
  private final List<Double> runningNoticed = new ArrayList<>();

  private MigrationSideBySide(Path repository, Path orchestrateJar, Path work) {
    this.repository = repository;
    this.orchestrateJar = orchestrateJar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: MigrationSideBySide <repository> <runs per tool> <orchestrate launcher or jar> <work dir>");
      System.exit(2);
    }
    if (!System.getProperty("user.name").equals("root")) {
      System.err.println("needs root: each host is an sshd in a mount namespace of its own");
      System.exit(2);
    }
    int runs = Integer.parseInt(args[1]);
    // -Dtools=ansible (or orchestrate) times one tool alone, to try a change to it.
    List<Tool> tools = Stream.of(System.getProperty("tools", "orchestrate,ansible").split(","))
        .map(tool -> Tool.valueOf(tool.strip().toUpperCase(Locale.ROOT))).toList();
    MigrationSideBySide benchmark = new MigrationSideBySide(Path.of(args[0]).toAbsolutePath(),
        Path.of(args[2]).toAbsolutePath(), Path.of(args[3]).toAbsolutePath());
    Map<Tool, List<Double>> seconds = new LinkedHashMap<>();
    for (Tool tool : Tool.values()) {
      seconds.put(tool, new ArrayList<>());
    }
    for (int round = 1; round <= runs; round++) {
      for (Tool tool : tools) {
        double time = benchmark.run(tool, round);
        seconds.get(tool).add(time);
        System.out.printf(Locale.ROOT, "run %d  %-11s %6.2f s%n", round, name(tool), time);
      }
    }
    List<Double> noticed = benchmark.runningNoticed;
    if (!noticed.isEmpty()) {
      System.out.printf(Locale.ROOT, "a node's RUNNING noticed by orchestrate after: median %.0f ms, max %.0f ms"
          + " (%d starts; goal: within 100 ms)%n", median(noticed), noticed.stream().mapToDouble(d -> d).max()
          .orElse(0), noticed.size());
      System.out.printf(Locale.ROOT, "RESULT running-noticed-ms %.0f%n", median(noticed));
    }
    if (tools.size() < Tool.values().length) {
      return;
    }
    double orchestrate = median(seconds.get(Tool.ORCHESTRATE));
    double ansible = median(seconds.get(Tool.ANSIBLE));
    System.out.println();
    System.out.printf(Locale.ROOT, "median  %-11s %6.2f s   (runs: %s)%n", "orchestrate", orchestrate,
        list(seconds.get(Tool.ORCHESTRATE)));
    System.out.printf(Locale.ROOT, "median  %-11s %6.2f s   (runs: %s)%n", "ansible", ansible,
        list(seconds.get(Tool.ANSIBLE)));
    System.out.printf(Locale.ROOT, "ratio orchestrate/ansible: %.2f%n", orchestrate / ansible);
  }

  /** One timed migration by {@code tool} on a fresh Server; the hosts are gone when it returns. */
  private double run(Tool tool, int round) throws Exception {
    Path dir = work.resolve(String.format(Locale.ROOT, "%02d-%s", round, name(tool)));
    Files.createDirectories(dir);
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = freshServer(sandboxDir);
    List<OpenSshServer> servers = new ArrayList<>();
    try {
      servers.addAll(isolatedHosts(sandbox, dir));
      StringBuilder knownHosts = new StringBuilder();
      servers.forEach(server -> knownHosts.append(server.knownHostsLine()).append('\n'));
      Files.writeString(dir.resolve("known_hosts"), knownHosts);
      startServer(sandbox, servers.get(0), dir);
      Map<String, Long> attachments = files(sandbox.layout().localHome(1).resolve("attachments"));

      List<String> command = tool == Tool.ORCHESTRATE ? orchestrate(sandbox, servers, dir) : ansible(sandbox, servers, dir);
      Path log = dir.resolve(name(tool) + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      if (tool == Tool.ANSIBLE) {
        builder.environment().put("ANSIBLE_CONFIG", repository.resolve("benchmarks/ansible/ansible.cfg").toString());
        builder.environment().put("ANSIBLE_LOG_PATH", dir.resolve("ansible-tasks.log").toString());
      }
      long start = System.nanoTime();
      int exit = builder.start().waitFor();
      double seconds = (System.nanoTime() - start) / 1e9;

      List<String> problems = new ArrayList<>();
      if (exit != 0) {
        problems.add("exited with " + exit);
      }
      problems.addAll(clusterProblems(sandbox.layout(), attachments));
      if (!problems.isEmpty()) {
        throw new IllegalStateException(name(tool) + " run " + round + " did not migrate: " + problems
            + "; its output is in " + log);
      }
      if (tool == Tool.ORCHESTRATE) {
        runningNoticed.addAll(runningNoticed(sandbox.layout(), dir));
      }
      return seconds;
    } finally {
      servers.forEach(OpenSshServer::close);
      Sandbox.down(sandboxDir);
      delete(sandboxDir);
    }
  }

  /**
   * How long orchestrate took to see each node it started become RUNNING: from the line the
   * simulated node logs when it is (its own clock, this machine's) to the end of the task that
   * waited for it, in the run's events. A node copied from node 1 carries node 1's earlier lines,
   * so each start is matched with the last ready line before the task ended.
   */
  private static List<Double> runningNoticed(SandboxLayout layout, Path dir) throws IOException {
    List<Double> noticed = new ArrayList<>();
    List<Path> events;
    try (Stream<Path> files = Files.walk(dir.resolve(".orchestrate"))) {
      events = files.filter(f -> f.getFileName().toString().equals("events.jsonl")).toList();
    }
    for (Path file : events) {
      for (String line : Files.readAllLines(file)) {
        Matcher ended = START_ENDED.matcher(line);
        if (!ended.find()) {
          continue;
        }
        Instant end = Instant.parse(ended.group(1));
        Path log = layout.localHome(Integer.parseInt(ended.group(2))).resolve("logs/atlassian-confluence.log");
        Instant ready = null;
        for (String logLine : Files.readAllLines(log)) {
          Matcher matcher = READY.matcher(logLine);
          if (matcher.find()) {
            Instant at = LocalDateTime.parse(matcher.group(1), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant();
            if (!at.isAfter(end)) {
              ready = at;
            }
          }
        }
        if (ready != null) {
          noticed.add(Duration.between(ready, end).toNanos() / 1e6);
        }
      }
    }
    return noticed;
  }

  /** Removes a run's hosts (their 30 MB and more); the tool's log beside them stays. */
  private static void delete(Path tree) throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /**
   * A sandbox whose Server is stopped, with a 10 MB index added and its home named as on a real
   * node ({@code confluence.home} at Atlassian's default path, which each host sees as its own).
   */
  private static Sandbox.Status freshServer(Path sandboxDir) throws Exception {
    Sandbox.Status sandbox = Sandbox.up(Sandbox.Options.defaults().withDir(sandboxDir).withNodes(ADDRESSES.size())
        .withAttachmentsMb(ATTACHMENTS_MB).withFirstAddress(ADDRESSES.get(0)).withStartDelay(START_DELAY));
    SandboxLayout layout = sandbox.layout();
    sh(Sandbox.hostEnvironment(sandboxDir, 1), layout.installDir(1).resolve("bin/stop-confluence.sh").toString());
    Path init = layout.installDir(1).resolve("confluence/WEB-INF/classes/confluence-init.properties");
    Files.writeString(init, Files.readString(init).replaceAll("(?m)^confluence\\.home=.*$",
        "confluence.home=/var/atlassian/application-data/confluence"));
    Path index = layout.localHome(1).resolve("index");
    byte[] megabyte = new byte[1 << 20];
    for (int k = 0; k < INDEX_MB; k++) {
      RANDOM.nextBytes(megabyte);
      Files.write(index.resolve("_" + k + ".cfs"), megabyte);
    }
    return sandbox;
  }

  /** An sshd per host, each in a mount namespace where the default paths are that host's own disk. */
  private static List<OpenSshServer> isolatedHosts(Sandbox.Status sandbox, Path dir) throws IOException {
    SandboxLayout layout = sandbox.layout();
    List<OpenSshServer> servers = new ArrayList<>();
    for (int k = 1; k <= ADDRESSES.size(); k++) {
      Path host = layout.hostRoot(k);
      Files.createDirectories(host.resolve("opt/atlassian"));
      Files.createDirectories(host.resolve("var/atlassian/application-data"));
      String mounts = "mkdir -p /opt/atlassian /var/atlassian/application-data /media/atl/confluence\n"
          + "mount --bind " + host.resolve("opt/atlassian") + " /opt/atlassian\n"
          + "mount --bind " + host.resolve("var/atlassian/application-data") + " /var/atlassian/application-data\n"
          + "mount --bind " + layout.sharedMount() + " /media/atl/confluence";
      Map<String, String> session = new LinkedHashMap<>(Sandbox.hostEnvironment(layout.dir(), k));
      session.put("SANDBOX_HOST_ROOT", "/");
      session.put("SANDBOX_HOST_ADDRESS", ADDRESSES.get(k - 1));
      servers.add(OpenSshServer.start(ServerSpec.of(ADDRESSES.get(k - 1), layout.dir().resolve("authorized_keys"),
          dir.resolve("sshd" + k)).withVariables(session).withMounts(mounts)
          // A server's root has its distribution's start-up files; this machine's root runs pyenv init
          // from ~/.bashrc for every session, which Ansible (a session per task) would pay far more
          // often than orchestrate (one shell per connection).
          .withEmptyStartupFiles()));
    }
    return servers;
  }

  /** Starts the Server on host 1 as its admin would, over SSH, and waits until it serves. */
  private static void startServer(Sandbox.Status sandbox, OpenSshServer host, Path dir) throws Exception {
    sh(Map.of(), "ssh", "-q", "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
        "-i", sandbox.layout().clientKey().toString(), "-p", Integer.toString(host.port()), "root@" + host.address(),
        INSTALL + "/bin/start-confluence.sh");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!"RUNNING".equals(Sandbox.confluenceState(host.address(), 8090))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the Server on " + host.address() + " did not reach RUNNING in 60 s");
      }
      Thread.sleep(100);
    }
  }

  private List<String> orchestrate(Sandbox.Status sandbox, List<OpenSshServer> servers, Path dir) throws IOException {
    StringBuilder nodes = new StringBuilder();
    for (int k = 1; k <= servers.size(); k++) {
      nodes.append("  - {name: node").append(k).append(", host: ").append(servers.get(k - 1).address())
          .append(", ssh: {port: ").append(servers.get(k - 1).port()).append("}}\n");
    }
    SandboxLayout layout = sandbox.layout();
    Path yaml = dir.resolve("cluster.yaml");
    Files.writeString(yaml, """
        cluster: {name: bench, edition: datacenter}
        ssh: {user: root, identityFile: %s, knownHosts: known_hosts}
        confluence:
          sharedHome: %s
          license: {file: %s}
          startTimeout: 1m
          stopTimeout: 1m
        database: {url: "jdbc:postgresql://127.0.0.1:5432/confluence", username: confluence, passwordFile: %s}
        nodes:
        %s""".formatted(layout.clientKey(), SHARED_HOME, layout.dataCenterLicense(), layout.databasePassword(), nodes));
    // The launcher, as a user runs it (class-data sharing archive and all), or a jar.
    return orchestrateJar.toString().endsWith(".jar")
        ? List.of("java", "-jar", orchestrateJar.toString(), "apply", yaml.toString(), "--yes")
        : List.of(orchestrateJar.toString(), "apply", yaml.toString(), "--yes");
  }

  private List<String> ansible(Sandbox.Status sandbox, List<OpenSshServer> servers, Path dir) throws IOException {
    StringBuilder inventory = new StringBuilder();
    for (int k = 1; k <= servers.size(); k++) {
      inventory.append(k == 1 ? "[first]\n" : k == 2 ? "\n[new_nodes]\n" : "")
          .append("node").append(k).append(" ansible_host=").append(servers.get(k - 1).address())
          .append(" ansible_port=").append(servers.get(k - 1).port()).append('\n');
    }
    SandboxLayout layout = sandbox.layout();
    inventory.append("""

        [confluence:children]
        first
        new_nodes

        [confluence:vars]
        ansible_user=root
        ansible_ssh_private_key_file=%s
        ansible_ssh_common_args='-o UserKnownHostsFile=%s'
        cluster_name=bench
        shared_home=%s
        license_file=%s
        staging_dir=%s
        """.formatted(layout.clientKey(), dir.resolve("known_hosts"), SHARED_HOME, layout.dataCenterLicense(),
        dir.resolve("staging")));
    Path file = dir.resolve("inventory");
    Files.writeString(file, inventory);
    return List.of("ansible-playbook", "-i", file.toString(),
        repository.resolve("benchmarks/ansible/server-to-datacenter.yml").toString());
  }

  /** What keeps the nodes from being the cluster asked for: each RUNNING, clustered, every attachment shared. */
  private static List<String> clusterProblems(SandboxLayout layout, Map<String, Long> attachments) throws IOException {
    List<String> problems = new ArrayList<>();
    String license = Files.readString(layout.dataCenterLicense()).strip();
    for (int k = 1; k <= ADDRESSES.size(); k++) {
      String address = ADDRESSES.get(k - 1);
      String state = Sandbox.confluenceState(address, 8090);
      if (!"RUNNING".equals(state)) {
        problems.add("node" + k + " is " + state);
      }
      Path cfg = layout.localHome(k).resolve("confluence.cfg.xml");
      String xml = Files.exists(cfg) ? Files.readString(cfg) : "";
      Map<String, String> wanted = Map.of("confluence.cluster", "true", "confluence.cluster.home", SHARED_HOME,
          "confluence.cluster.name", "bench", "confluence.cluster.join.type", "tcp_ip", "atlassian.license.message",
          license);
      String node = "node" + k;
      wanted.forEach((key, value) -> {
        if (!value.equals(property(xml, key))) {
          problems.add(node + "'s confluence.cfg.xml has " + (key.contains("license") ? "another license"
              : key + "=" + property(xml, key) + ", not " + value));
        }
      });
      List<String> peers = List.of(String.valueOf(property(xml, "confluence.cluster.peers")).split("\\s*,\\s*"));
      if (!peers.containsAll(ADDRESSES)) {
        problems.add("node" + k + "'s confluence.cluster.peers is " + peers + ", not every node");
      }
    }
    Map<String, Long> shared = files(layout.sharedMount().resolve("shared-home/attachments"));
    if (!shared.equals(attachments)) {
      problems.add("the shared home holds " + shared.size() + " attachment files, not the Server's " + attachments.size());
    }
    return problems;
  }

  /** The value of {@code key} in a confluence.cfg.xml, or null. */
  private static String property(String xml, String key) {
    Matcher value = Pattern.compile("<property name=\"" + Pattern.quote(key) + "\">([^<]*)</property>").matcher(xml);
    return value.find() ? value.group(1) : null;
  }

  /** Every file under {@code root} with its size. */
  private static Map<String, Long> files(Path root) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(path).toString(), Files.size(path));
      }
    }
    return files;
  }

  private static void sh(Map<String, String> environment, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String list(List<Double> values) {
    return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
  }

  private static String name(Tool tool) {
    return tool.name().toLowerCase(Locale.ROOT);
  }
}
