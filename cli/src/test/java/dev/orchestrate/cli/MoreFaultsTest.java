package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import dev.orchestrate.ssh.OpenSshServer;
import dev.orchestrate.ssh.ServerFixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More things going wrong on purpose, each ending with every attachment and shared-home file as it
 * was, proven by checksums: a cluster panic caused by a forgotten Server on the same database, a
 * node that never leaves STARTING, a node's sshd dying mid-run and coming back, the disk of a new
 * node filling during its copy, and the disk of the journal filling mid-run.
 */
class MoreFaultsTest {
  private static final Duration RUN_LIMIT = Duration.ofMinutes(3);

  @TempDir
  Path dir;

  private Sandbox.Status up(String firstAddress) {
    return Sandbox.up(Sandbox.Options.defaults().withDir(dir.resolve("sandbox")).withNodes(2).withAttachmentsMb(1)
        .withFirstAddress(firstAddress).withStartDelay(Duration.ofMillis(250)));
  }

  @Test
  void aServerCloneOnTheSameDatabaseMakesTheClusterPanicAndTheRollbackBringsTheServerBack() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = up("127.0.1.124");
    try {
      // A host of its own on an unused address; it keeps the sandbox's mark, so Sandbox.down stops it whatever happens.
      Path rogueRoot = dir.resolve("rogue");
      Map<String, String> rogueEnvironment = new HashMap<>(Sandbox.hostEnvironment(sandboxDir, 1));
      rogueEnvironment.putAll(Map.of("SANDBOX_HOST", "rogue", "SANDBOX_HOST_ADDRESS", "127.0.1.126",
          "SANDBOX_HOST_ROOT", rogueRoot.toString(), "HOME", rogueRoot.toString()));
      Path cfg = sandbox.layout().localHome(1).resolve("confluence.cfg.xml");
      String cfgBefore = Files.readString(cfg);
      Map<String, String> before = serverFiles(sandbox.layout().localHome(1));
      Path rogue = cloneOfServer(sandbox, rogueRoot);
      Path runs = SandboxHosts.journals(sandbox);

      CompletableFuture<CliTest.Run> apply = CompletableFuture.supplyAsync(() -> CliTest.run("apply",
          sandbox.layout().clusterYaml().toString(), "--yes", "--rollback-on-failure"));
      // Started once the Server has stopped, the clone has the database to itself until node1 starts
      // clustered: whenever node1 comes up, it meets the clone.
      SandboxHosts.awaitJournal(runs, apply, RUN_LIMIT, "\"type\":\"end\"", "\"node\":\"node1\"",
          "\"task\":\"Stop Confluence\"");
      script(rogue.resolve("bin/start-confluence.sh"), rogueEnvironment);
      // An admin who sees the panic stops the clone; until then the rollback could not bring the Server back.
      awaitState("127.0.1.126", "ERROR", apply);
      script(rogue.resolve("bin/stop-confluence.sh"), rogueEnvironment);
      CliTest.Run run = apply.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
      assertThat(run.out()).contains("fatal: [node1]", "Confluence went to ERROR",
          "Database is being updated by an instance which is not part of the current cluster",
          "the other instance is 127.0.1.126, not clustered", "Rollback complete.");
      assertThat(Sandbox.confluenceState("127.0.1.124", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.125", 8090)).isEqualTo("not running");
      assertThat(Files.readString(cfg)).isEqualTo(cfgBefore);
      assertThat(serverFiles(sandbox.layout().localHome(1))).isEqualTo(before);
      assertThat(sandbox.layout().sharedHome()).doesNotExist();
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  @Test
  void aNodeStillStartingAtTheStartTimeoutFailsTheRunAndTheRollbackBringsTheServerBack() throws Exception {
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = up("127.0.1.127");
    try {
      Path yaml = sandboxDir.resolve("short-start.yaml");
      Files.writeString(yaml, Files.readString(sandbox.layout().clusterYaml())
          .replace("startTimeout: 2m", "startTimeout: 5s"));
      Map<String, String> before = serverFiles(sandbox.layout().localHome(1));
      Path runs = SandboxHosts.journals(sandbox);

      CompletableFuture<CliTest.Run> apply = CompletableFuture.supplyAsync(() -> CliTest.run("apply", yaml.toString(),
          "--yes", "--rollback-on-failure"));
      // Only node2's copy is made slow, in the moment after it was copied: node1's own starts stay quick.
      SandboxHosts.awaitJournal(runs, apply, RUN_LIMIT, "\"type\":\"end\"", "\"node\":\"node2\"",
          "\"task\":\"Copy the installation directory\"");
      Files.writeString(sandbox.layout().installDir(2).resolve("bin/setenv.sh"),
          "CATALINA_OPTS=\"${CATALINA_OPTS} -Dsandbox.startDelayMillis=" + Long.MAX_VALUE + "\"\n",
          StandardOpenOption.APPEND);
      CliTest.Run run = apply.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(6);
      assertThat(run.out()).contains("fatal: [node2]", "did not reach RUNNING within 5 s", "/status STARTING",
          "Rollback complete.");
      assertThat(Sandbox.confluenceState("127.0.1.127", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.128", 8090)).isEqualTo("not running");
      assertThat(serverFiles(sandbox.layout().localHome(1))).isEqualTo(before);
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  @Test
  void sshdKilledDuringTheCopyGivesUpUnreachableThenBackOnItsPortTheNextApplyResumes() throws Exception {
    ServerFixtures.requireOpenSsh();
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = up("127.0.1.134");
    try (SandboxHosts.OverOpenSsh hosts = SandboxHosts.OverOpenSsh.start(sandbox, 2, dir)) {
      String yaml = hosts.clusterYaml().toString();
      Map<String, String> before = serverFiles(sandbox.layout().localHome(1));
      Path runs = SandboxHosts.journals(sandbox);
      OpenSshServer node2 = hosts.servers().get(1);

      // A file big enough that the copy is still streaming when sshd dies.
      writeRandom(sandbox.layout().installDir(1).resolve("lib/large.jar"), 16 << 20);
      Path staging = Path.of(sandbox.layout().installDir(2) + ".orchestrate-partial");

      CompletableFuture<CliTest.Run> apply = CompletableFuture.supplyAsync(() -> CliTest.run("apply", yaml, "--yes"));
      SandboxHosts.awaitJournal(runs, apply, RUN_LIMIT, "\"type\":\"start\"", "\"node\":\"node2\"",
          "\"task\":\"Copy the installation directory\"");
      awaitBytes(staging, apply);
      // As a crash would: sshd and every connection through it gone, and nothing listening on its port.
      node2.close();
      CliTest.Run cut = apply.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
      node2.restart();

      // The copy cut off is run again, as a module that checks before it changes is; by then nothing answers.
      assertThat(cut.exitCode()).as(cut.out() + cut.err()).isEqualTo(3);
      assertThat(cut.out()).contains("connection dropped during the copy from node1 to node2", "runs again in 1 s",
          "fatal: [node2]: UNREACHABLE!", "127.0.1.135", "connection refused");
      assertThat(sandbox.layout().installDir(2)).doesNotExist();

      CliTest.Run again = CliTest.run("apply", yaml, "--yes");

      assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("Resuming run");
      assertThat(Sandbox.confluenceState("127.0.1.134", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.135", 8090)).isEqualTo("RUNNING");
      assertThat(Attachments.of(sandbox.layout().sharedHome())).isEqualTo(before);
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  @Test
  void theDiskOfANewNodeFillingDuringItsCopyStopsTheRunThenWithSpaceAgainApplyConverges() throws Exception {
    requireRoot("a small tmpfs as node2's /opt");
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = up("127.0.1.136");
    // Room for the installation, which the preflight checks, and little more.
    try (Tmpfs opt = Tmpfs.mount(sandbox.layout().hostRoot(2).resolve("opt"), "4m")) {
      String yaml = sandbox.layout().clusterYaml().toString();
      Map<String, String> before = serverFiles(sandbox.layout().localHome(1));
      Path runs = SandboxHosts.journals(sandbox);

      CompletableFuture<CliTest.Run> apply = CompletableFuture.supplyAsync(() -> CliTest.run("apply", yaml, "--yes"));
      SandboxHosts.awaitJournal(runs, apply, RUN_LIMIT, "\"type\":\"start\"", "\"node\":\"node2\"",
          "\"task\":\"Copy the installation directory\"");
      opt.fill();
      CliTest.Run full = apply.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(full.exitCode()).as(full.out() + full.err()).isEqualTo(1);
      assertThat(full.out()).contains("fatal: [node2]", "No space left on device");
      // Whether the disk filled before the staging folder was made or while the archive landed in it,
      // a half copy has only ever the staging name.
      try (Stream<Path> left = Files.walk(opt.mountPoint())) {
        assertThat(left.map(path -> opt.mountPoint().relativize(path).toString()))
            .allMatch(name -> List.of("", "atlassian", opt.filler().getFileName().toString()).contains(name)
                || name.startsWith("atlassian/confluence.orchestrate-partial"));
      }
      assertThat(Attachments.of(sandbox.layout().sharedHome())).isEqualTo(before);

      opt.free();
      CliTest.Run again = CliTest.run("apply", yaml, "--yes");

      assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
      assertThat(Sandbox.confluenceState("127.0.1.136", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.137", 8090)).isEqualTo("RUNNING");
      assertThat(Attachments.of(sandbox.layout().sharedHome())).isEqualTo(before);
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  @Test
  void theJournalsDiskFillingMidRunStopsTheRunInOrderThenWithSpaceAgainApplyFinishes() throws Exception {
    requireRoot("a tiny tmpfs as the cluster's state folder");
    Path sandboxDir = dir.resolve("sandbox");
    Sandbox.Status sandbox = up("127.0.1.138");
    try (Tmpfs state = Tmpfs.mount(sandbox.layout().localHome(1).getParent().resolve("orchestrate"), "1m")) {
      String yaml = sandbox.layout().clusterYaml().toString();
      Map<String, String> before = serverFiles(sandbox.layout().localHome(1));
      Path runs = SandboxHosts.journals(sandbox);

      CompletableFuture<CliTest.Run> apply = CompletableFuture.supplyAsync(() -> CliTest.run("apply", yaml, "--yes"));
      // Filled as the files start moving into the shared home: the run stops between two moves, or
      // after one whose end could not be recorded.
      SandboxHosts.awaitJournal(runs, apply, RUN_LIMIT, "\"type\":\"start\"", "\"node\":\"node1\"",
          "\"task\":\"Move the contents of <local home>/shared-home into the shared home\"");
      state.fill();
      CliTest.Run full = apply.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(full.exitCode()).as(full.out() + full.err()).isEqualTo(1);
      String output = full.out() + full.err();
      int stop = output.indexOf("cannot write the journal node1:" + runs);
      assertThat(stop).as(output).isNotNegative();
      assertThat(output.substring(stop)).as("what the run did after it could not write its journal")
          .contains("No space left on device", "the run stops").doesNotContain("TASK [");
      assertThat(filesWherever(sandbox)).isEqualTo(before);

      state.free();
      CliTest.Run again = CliTest.run("apply", yaml, "--yes");

      assertThat(again.exitCode()).as(full.out() + full.err() + "\n-----\n" + again.out() + again.err()).isZero();
      assertThat(Sandbox.confluenceState("127.0.1.138", 8090)).isEqualTo("RUNNING");
      assertThat(Sandbox.confluenceState("127.0.1.139", 8090)).isEqualTo("RUNNING");
      assertThat(Attachments.of(sandbox.layout().sharedHome())).isEqualTo(before);
    } finally {
      Sandbox.down(sandboxDir);
    }
  }

  /** Every attachment and shared-home file of a Server's local home, named as it lies in a cluster's shared home. */
  private static Map<String, String> serverFiles(Path localHome) {
    Map<String, String> files = new TreeMap<>(Attachments.of(localHome.resolve("shared-home")));
    Attachments.of(localHome.resolve("attachments")).forEach((name, sum) -> files.put("attachments/" + name, sum));
    return files;
  }

  /**
   * The same files wherever they are now, in node1's local home or in the shared home, as a run
   * cut off between two moves leaves them; a file in both places shows as both checksums.
   */
  private static Map<String, String> filesWherever(Sandbox.Status sandbox) {
    Path home = sandbox.layout().localHome(1);
    Map<String, String> files = new TreeMap<>();
    for (Map.Entry<Path, String> place : Map.of(home.resolve("shared-home"), "", home.resolve("attachments"),
        "attachments/", sandbox.layout().sharedHome(), "").entrySet()) {
      if (Files.isDirectory(place.getKey())) {
        Attachments.of(place.getKey()).forEach((name, sum) -> files.merge(place.getValue() + name, sum,
            (one, other) -> one + " and " + other));
      }
    }
    return files;
  }

  /**
   * A second Server on node1's database, as a forgotten clone of it would be: node1's installation
   * and confluence.cfg.xml (which names the database and holds the license) copied to a host of its
   * own, under {@code root}, its confluence.home pointed at the copy. The rest of the home is left
   * out: node1 runs and writes its index meanwhile, and the clone needs none of it to collide.
   * Returns the clone's installation directory.
   */
  private static Path cloneOfServer(Sandbox.Status sandbox, Path root) throws Exception {
    Path install = root.resolve("opt/atlassian/confluence");
    Path home = root.resolve("var/atlassian/application-data/confluence");
    Files.createDirectories(install.getParent());
    Files.createDirectories(home);
    run("cp", "-a", sandbox.layout().installDir(1).toString(), install.toString());
    // node1 runs: its PID file would make the clone's start script refuse.
    Files.delete(install.resolve("work/catalina.pid"));
    Files.copy(sandbox.layout().localHome(1).resolve("confluence.cfg.xml"), home.resolve("confluence.cfg.xml"));
    Files.writeString(install.resolve("confluence/WEB-INF/classes/confluence-init.properties"),
        "confluence.home=" + home + "\n");
    return install;
  }

  /** Runs a Confluence control script as someone on that host would, with only the host's environment. */
  private static void script(Path script, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", script.toString()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(script + ": " + out).isZero();
  }

  /** Waits until Confluence at {@code address} reports {@code state}, while {@code run} goes on. */
  private static void awaitState(String address, String state, CompletableFuture<CliTest.Run> run) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    String seen;
    while (!(seen = Sandbox.confluenceState(address, 8090)).equals(state)) {
      if (run.isDone()) {
        throw new AssertionError(address + " is " + seen + ", not " + state + ", and the run ended:\n"
            + run.join().out());
      }
      assertThat(Instant.now()).as("%s is %s, not %s", address, seen, state).isBefore(deadline);
      Thread.sleep(50);
    }
  }

  /** Waits until some bytes of a copy have landed under {@code staging}, while {@code run} goes on. */
  private static void awaitBytes(Path staging, CompletableFuture<CliTest.Run> run) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (bytesUnder(staging) == 0) {
      if (run.isDone()) {
        throw new AssertionError("the run ended before anything landed in " + staging + ":\n" + run.join().out());
      }
      assertThat(Instant.now()).as("nothing landed in %s", staging).isBefore(deadline);
      Thread.sleep(5);
    }
  }

  private static long bytesUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    } catch (UncheckedIOException vanished) {
      return 0;
    }
  }

  private static void writeRandom(Path file, int bytes) throws IOException {
    byte[] content = new byte[bytes];
    new Random(7).nextBytes(content);
    Files.write(file, content);
  }

  private static void requireRoot(String what) {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(System.getProperty("user.name").equals("root"), "skipped outside CI: needs root to mount "
          + what);
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }

  /** A small tmpfs mounted on a directory (needs root), that a test can fill to the last byte and free again. */
  private record Tmpfs(Path mountPoint) implements AutoCloseable {
    static Tmpfs mount(Path mountPoint, String size) throws Exception {
      Files.createDirectories(mountPoint);
      run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString());
      return new Tmpfs(mountPoint);
    }

    Path filler() {
      return mountPoint.resolve(".test-filler");
    }

    /** Writes one file until the disk refuses: "No space left on device" for whatever comes next. */
    void fill() throws IOException {
      byte[] block = new byte[64 * 1024];
      try (OutputStream out = Files.newOutputStream(filler())) {
        while (true) {
          out.write(block);
        }
      } catch (IOException full) {
        assertThat(full.getMessage()).contains("No space left on device");
      }
    }

    void free() throws IOException {
      Files.delete(filler());
    }

    @Override
    public void close() throws Exception {
      // Lazily: a process of the sandbox may still hold a file there until Sandbox.down ends it.
      run("umount", "--lazy", mountPoint.toString());
    }
  }
}
