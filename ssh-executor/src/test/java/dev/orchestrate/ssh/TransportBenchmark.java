package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Measures the transport on real OpenSSH on loopback (run by benchmarks/transport.sh, not by the
 * tests): the cost of one command on a warm connection, beside OpenSSH's own client on a
 * multiplexed connection, and a node-to-node tree copy beside {@code ssh a 'tar cf -' | ssh b
 * 'tar xf -'}. Prints medians; asserts nothing.
 */
public final class TransportBenchmark {
  private static final int ROUNDS = 5;

  private TransportBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "/tmp/orchestrate-benchmark");
    int treeMegabytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int commands = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    Files.createDirectories(work);
    Path key = Keys.generate(work.resolve("client_ed25519"), "ed25519", "");
    Path authorized = work.resolve("authorized_keys");
    Keys.authorize(authorized, key);
    try (OpenSshServer source = OpenSshServer.start(
            ServerSpec.of("127.0.1.41", authorized, work.resolve("sshd1")).withEmptyStartupFiles());
        OpenSshServer target = OpenSshServer.start(
            ServerSpec.of("127.0.1.42", authorized, work.resolve("sshd2")).withEmptyStartupFiles());
        OpenSshServer second = OpenSshServer.start(
            ServerSpec.of("127.0.1.43", authorized, work.resolve("sshd3")).withEmptyStartupFiles())) {
      Path knownHosts = Files.writeString(work.resolve("known_hosts"),
          source.knownHostsLine() + "\n" + target.knownHostsLine() + "\n" + second.knownHostsLine() + "\n");
      Host from = host("source", source, key, knownHosts);
      Host to = host("target", target, key, knownHosts);
      Host alsoTo = host("second", second, key, knownHosts);
      System.out.printf("machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
          Keys.run("sh", "-c", "sshd -V 2>&1 | head -1; true").strip());
      commandOverhead(from, commands, key, knownHosts, work);
      treeCopy(from, to, key, knownHosts, work, treeMegabytes);
      fanOut(from, List.of(to, alsoTo), work, treeMegabytes);
    }
  }

  private static Host host(String name, OpenSshServer server, Path key, Path knownHosts) {
    return new Host(name, server.address(), new SshSettings(System.getProperty("user.name"), server.port(),
        Optional.of(key), Optional.empty(), Optional.empty(), knownHosts, SshSettings.Become.NONE, Duration.ofSeconds(10)));
  }

  private static SshTransport transport(Path work) {
    return SshTransport.create(new Environment(Map.of(), work, System.getProperty("user.name")),
        SshTransport.Options.defaults());
  }

  private static void commandOverhead(Host host, int count, Path key, Path knownHosts, Path work) throws Exception {
    try (SshTransport transport = transport(work)) {
      transport.connect(List.of(host));
      for (int i = 0; i < 100; i++) {
        transport.run(host, Command.of("true"));
      }
      List<Double> shell = time(count, () -> transport.run(host, Command.of("true")));
      List<Double> session = time(Math.min(count, 200), () -> transport.run(host, Command.of("true").withStdin(new byte[0])));
      report("orchestrate, one command, warm connection (persistent shell)", shell);
      System.out.printf("RESULT warm-command-ms %.2f%n", median(shell));
      report("orchestrate, one command with stdin (session of its own)", session);
    }
    Path control = work.resolve("ssh-control");
    List<String> ssh = sshCommand(host, key, knownHosts);
    List<String> master = new ArrayList<>(ssh);
    master.addAll(1, List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + control, "-o", "ControlPersist=60", "-N", "-f"));
    Keys.run(master.toArray(String[]::new));
    List<String> client = new ArrayList<>(ssh);
    client.addAll(1, List.of("-o", "ControlPath=" + control));
    client.add("true");
    List<Double> openssh = time(Math.min(count, 100), () -> Keys.run(client.toArray(String[]::new)));
    report("OpenSSH client, one command, multiplexed connection (ControlMaster)", openssh);
    System.out.printf("RESULT openssh-multiplexed-ms %.2f%n", median(openssh));
    List<String> stop = new ArrayList<>(ssh);
    stop.addAll(1, List.of("-o", "ControlPath=" + control, "-O", "exit"));
    Keys.run(stop.toArray(String[]::new));
  }

  private static void treeCopy(Host from, Host to, Path key, Path knownHosts, Path work, int megabytes) throws Exception {
    Path tree = work.resolve("tree");
    if (!Files.exists(tree.resolve(".complete-" + megabytes))) {
      Keys.run("rm", "-rf", tree.toString());
      // Like a Confluence home: a few large attachments and many small files, none compressible.
      int large = megabytes * 3 / 4;
      int small = (megabytes - large) * 100;
      Keys.run("sh", "-c", "set -e; mkdir -p " + tree + "/attachments/large " + tree + "/attachments/small; cd " + tree
          + "; i=0; while [ $i -lt " + large + " ]; do head -c 1048576 /dev/urandom > attachments/large/f$i; i=$((i+1)); done;"
          + " head -c " + small * 10240L + " /dev/urandom | split -b 10240 -a 5 - attachments/small/s;"
          + " touch .complete-" + megabytes);
    }
    List<Double> baseline = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    List<String> sshFrom = sshCommand(from, key, knownHosts);
    List<String> sshTo = sshCommand(to, key, knownHosts);
    for (int round = 0; round < ROUNDS; round++) {
      Path plainTarget = work.resolve("plain-copy");
      Path ourTarget = work.resolve("orchestrate-copy");
      String pipe = Shell.command(sshFrom.toArray(String[]::new)) + " " + Shell.quote("tar cf - -C " + tree + " .") + " | "
          + Shell.command(sshTo.toArray(String[]::new)) + " " + Shell.quote("mkdir -p " + plainTarget + " && tar xf - -C " + plainTarget);
      double[] copyOnly = new double[1];
      CopyReport[] report = new CopyReport[1];
      Work plainCopy = () -> baseline.add(seconds(() -> Keys.run("sh", "-c", pipe)));
      Work ourCopy = () -> ours.add(seconds(() -> {
        try (SshTransport transport = transport(work)) {
          transport.connect(List.of(from, to));
          long start = System.nanoTime();
          report[0] = transport.copyTree(from, RemotePath.of(tree.toString()), to, RemotePath.of(ourTarget.toString()),
              CopyListener.IGNORE);
          copyOnly[0] = (System.nanoTime() - start) / 1e9;
        }
      }));
      // Each copy starts from the same state: previous copies gone and written back, and the order
      // alternates so that neither side always runs second.
      for (Work copy : round % 2 == 0 ? List.of(plainCopy, ourCopy) : List.of(ourCopy, plainCopy)) {
        Keys.run("rm", "-rf", plainTarget.toString(), ourTarget.toString());
        Keys.run("sync");
        copy.run();
      }
      System.out.printf("  round %d: ssh|tar|ssh %.2f s; orchestrate %.2f s (copy and verification %.2f s, %d files,"
              + " %.0f MB/s)%n", round + 1, baseline.get(round), ours.get(round), copyOnly[0], report[0].files(),
          report[0].rate() / 1e6);
    }
    double plain = median(baseline);
    double mine = median(ours);
    System.out.printf("tree copy of %d MB between two hosts, median of " + ROUNDS + ": ssh|tar|ssh %.2f s, orchestrate (verified)"
        + " %.2f s, ratio %.2f (goal: at most 1.1)%n", megabytes, plain, mine, mine / plain);
    System.out.printf("RESULT copy %.2f %.2f%n", mine, plain);
  }

  /**
   * The same tree to one host, and to two at once from the same source (as add-nodes copies node
   * 1's trees to every new node): the source's disk and manifest are shared, so two targets
   * should take about the time of one.
   */
  private static void fanOut(Host from, List<Host> targets, Path work, int megabytes) throws Exception {
    Path tree = work.resolve("tree");
    Path copied = work.resolve("fan-out-copy");
    List<Double> one = new ArrayList<>();
    List<Double> both = new ArrayList<>();
    java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(targets.size());
    try {
      for (int round = 0; round < ROUNDS; round++) {
        for (int width : round % 2 == 0 ? List.of(1, targets.size()) : List.of(targets.size(), 1)) {
          // Each host is a directory of this machine: every target's copy needs a path of its own.
          for (int k = 0; k < targets.size(); k++) {
            Keys.run("rm", "-rf", copied + "-" + k);
          }
          Keys.run("sync");
          List<Host> to = targets.subList(0, width);
          (width == 1 ? one : both).add(seconds(() -> {
            try (SshTransport transport = transport(work)) {
              List<Host> hosts = new ArrayList<>(to);
              hosts.add(from);
              transport.connect(hosts);
              List<java.util.concurrent.Future<CopyReport>> copies = new ArrayList<>();
              for (int k = 0; k < to.size(); k++) {
                Host target = to.get(k);
                RemotePath into = RemotePath.of(copied + "-" + k);
                copies.add(threads.submit(() -> transport.copyTree(from, RemotePath.of(tree.toString()), target, into,
                    CopyListener.IGNORE)));
              }
              for (java.util.concurrent.Future<CopyReport> copy : copies) {
                copy.get();
              }
            }
          }));
        }
        System.out.printf("  round %d: to one host %.2f s; to %d at once %.2f s%n", round + 1, one.get(round),
            targets.size(), both.get(round));
      }
    } finally {
      threads.shutdownNow();
    }
    System.out.printf("tree copy of %d MB to %d hosts at once, median of " + ROUNDS + ": %.2f s; to one host %.2f s;"
        + " ratio %.2f%n", megabytes, targets.size(), median(both), median(one), median(both) / median(one));
    System.out.printf("RESULT fan-out %.2f %.2f%n", median(both), median(one));
  }

  private static List<String> sshCommand(Host host, Path key, Path knownHosts) {
    return List.of("ssh", "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts, "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes", "-p", Integer.toString(host.ssh().port()), host.ssh().user() + "@" + host.address());
  }

  interface Work {
    void run() throws Exception;
  }

  private static double seconds(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static List<Double> time(int count, Work work) throws Exception {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      millis.add(seconds(work) * 1000);
    }
    return millis;
  }

  private static void report(String what, List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf("%-72s median %6.2f ms, p90 %6.2f ms (%d runs)%n", what, median(sorted),
        sorted.get((int) (sorted.size() * 0.9)), sorted.size());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
