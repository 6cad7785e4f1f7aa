package dev.orchestrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Secret;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.CommandTimeoutException;
import dev.orchestrate.core.transport.ConnectionLostException;
import dev.orchestrate.core.transport.CopyException;
import dev.orchestrate.core.transport.CopyListener;
import dev.orchestrate.core.transport.CopyReport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.HostKeyException;
import dev.orchestrate.core.transport.OutputListener;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link SshTransport} must do against a real server, run once against Debian's
 * OpenSSH and once against the sandbox's embedded server. Commands are tried both ways a
 * transport runs them: in a persistent shell, and in a session of their own (any command with
 * input takes that path).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TransportContract {
  /** The two ways a command reaches a host. */
  enum Way { SHELL, SESSION }

  private Path dir;

  private TestServer first;
  private TestServer second;
  private Path clientKey;
  private Path authorizedKeys;
  private Path knownHosts;
  private SshTransport transport;

  /** Starts a server of the kind under test. */
  abstract TestServer start(ServerSpec spec);

  /** The addresses this class's servers use; each class has its own. */
  abstract String address(int n);

  @BeforeAll
  void startServers(@TempDir Path classDir) {
    ServerFixtures.requireServers(this);
    dir = classDir;
    clientKey = Keys.generate(dir.resolve("client_ecdsa"), "ecdsa", "");
    authorizedKeys = dir.resolve("authorized_keys");
    Keys.authorize(authorizedKeys, clientKey);
    first = start(ServerSpec.of(address(1), authorizedKeys, dir.resolve("host1")));
    second = start(ServerSpec.of(address(2), authorizedKeys, dir.resolve("host2")));
    knownHosts = dir.resolve("known_hosts");
  }

  @AfterAll
  void stopServers() {
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  @BeforeEach
  void newTransport() throws IOException {
    Files.writeString(knownHosts, first.knownHostsLine() + "\n" + second.knownHostsLine() + "\n");
    transport = transport(SshTransport.HostKeyPolicy.STRICT);
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private SshTransport transport(SshTransport.HostKeyPolicy policy) {
    Environment environment = new Environment(Map.of(), dir.resolve("home"), System.getProperty("user.name"));
    return SshTransport.create(environment, SshTransport.Options.defaults().withHostKeys(policy));
  }

  Host host(TestServer server) {
    return host(server, s -> s);
  }

  Host host(TestServer server, UnaryOperator<SshSettings> change) {
    SshSettings ssh = new SshSettings(System.getProperty("user.name"), server.port(), Optional.of(clientKey),
        Optional.empty(), Optional.empty(), knownHosts, SshSettings.Become.NONE, Duration.ofSeconds(10));
    return new Host("node-" + server.address(), server.address(), change.apply(ssh));
  }

  static SshSettings withKey(SshSettings s, Path key) {
    return new SshSettings(s.user(), s.port(), Optional.of(key), s.passphraseEnv(), s.passwordEnv(), s.knownHosts(),
        s.become(), s.connectTimeout());
  }

  static SshSettings withKnownHosts(SshSettings s, Path file) {
    return new SshSettings(s.user(), s.port(), s.identityFile(), s.passphraseEnv(), s.passwordEnv(), file,
        s.become(), s.connectTimeout());
  }

  static SshSettings withSudo(SshSettings s) {
    return new SshSettings(s.user(), s.port(), s.identityFile(), s.passphraseEnv(), s.passwordEnv(), s.knownHosts(),
        SshSettings.Become.SUDO, s.connectTimeout());
  }

  private CommandResult run(Way way, String script) {
    return transport.run(host(first), command(way, script));
  }

  private static Command command(Way way, String script) {
    Command command = Command.of(script);
    return way == Way.SESSION ? command.withStdin(new byte[0]) : command;
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void reportsExitStatusesAndKeepsTheStreamsApart(Way way) {
    assertThat(run(way, "true").exitStatus()).isZero();
    assertThat(run(way, "exit 3").exitStatus()).isEqualTo(3);
    CommandResult both = run(way, "echo out; echo err >&2; printf 'no newline'; exit 42");
    assertThat(both.exitStatus()).isEqualTo(42);
    assertThat(both.succeeded()).isFalse();
    assertThat(both.stdout()).isEqualTo("out\nno newline\n");
    assertThat(both.stderr()).isEqualTo("err\n");
    assertThat(run(way, "printf 'a\\n\\nb\\n\\n'").stdout()).isEqualTo("a\n\nb\n\n");
    assertThat(run(way, "true").stdout()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void aCommandKilledBySignalIsNeverASuccess(Way way) {
    CommandResult killed = run(way, "kill -KILL $$");

    assertThat(killed.succeeded()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void streamsFiftyMegabytesLineByLineAndKeepsOnlyTheStart(Way way) {
    AtomicLong lines = new AtomicLong();
    AtomicLong characters = new AtomicLong();
    String hundred = "x".repeat(100);
    Command command = command(way, "yes " + hundred + " | head -n 500000")
        .withListener((stream, line) -> {
          if (stream == OutputListener.Stream.STDOUT && line.equals(hundred)) {
            lines.incrementAndGet();
            characters.addAndGet(line.length());
          }
        });

    CommandResult result = transport.run(host(first), command.withTimeout(Duration.ofMinutes(2)));

    assertThat(result.succeeded()).isTrue();
    assertThat(lines.get()).isEqualTo(500_000);
    assertThat(characters.get()).isEqualTo(50_000_000L);
    assertThat(result.truncated()).isTrue();
    assertThat(result.stdout().length()).isLessThanOrEqualTo(Command.DEFAULT_CAPTURE_LIMIT);
  }

  @Test
  void feedsStandardInput() {
    byte[] input = new byte[1 << 20];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) ('a' + i % 26);
    }

    CommandResult counted = transport.run(host(first), Command.of("wc -c").withStdin(input));
    CommandResult echoed = transport.run(host(first), Command.of("cat").withStdin("one\ntwo\n".getBytes(StandardCharsets.UTF_8)));

    assertThat(counted.stdout().strip()).isEqualTo(Integer.toString(input.length));
    assertThat(echoed.stdout()).isEqualTo("one\ntwo\n");
  }

  /**
   * A command that ends without reading its input closes the channel while its input is still
   * being sent; that is the command's business (a pipe's reader may do the same), not a dropped
   * connection. It was reported as one, about once in four hundred times for an empty input.
   */
  @Test
  void aCommandThatEndsWithoutReadingItsInputIsNotALostConnection() {
    byte[] input = new byte[4 << 20];

    for (int i = 0; i < 20; i++) {
      CommandResult result = transport.run(host(first), Command.of("exit 3").withStdin(input));

      assertThat(result.exitStatus()).as("run %d", i).isEqualTo(3);
    }
    assertThat(transport.run(host(first), Command.of("echo still here")).stdout()).isEqualTo("still here\n");
  }

  @Test
  void secretsReachTheEnvironmentButNeverACommandLine() throws Exception {
    String value = "s3cr3t-" + System.nanoTime() + " with 'quotes' \"and\" $dollars `ticks`";
    Command sleeper = Command.of("printf '%s' \"$DB_PASSWORD\" > secret-seen; sleep 3")
        .withSecret("DB_PASSWORD", new Secret(value))
        .withSecret("LICENSE", new Secret("AAAB-" + value));
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<CommandResult> running = background.submit(() -> transport.run(host(first), sleeper));
      OpenSshServer.sleep(1500);
      CommandResult processes = transport.run(host(first), Command.of("ps -eo args"));

      assertThat(running.get().succeeded()).isTrue();
      assertThat(processes.stdout()).contains("sleep 3").doesNotContain(value);
      assertThat(transport.run(host(first), Command.of("cat secret-seen")).stdout()).isEqualTo(value + "\n");
    } finally {
      background.shutdownNow();
    }
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void stopsACommandThatOverstaysItsTimeout(Way way) {
    String marker = "sleep 37." + way.ordinal() + "1";
    long started = System.nanoTime();

    assertThatThrownBy(() -> transport.run(host(first),
        command(way, "echo started; " + marker + "; echo never").withTimeout(Duration.ofSeconds(1))))
        .isInstanceOfSatisfying(CommandTimeoutException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.TASK_FAILED);
          assertThat(e.getMessage()).contains("ran longer than 1s");
          assertThat(e.lastLines()).contains("started");
        });

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    CommandResult left = transport.run(host(first), Command.of("ps -eo args | grep -F " + Shell.quote(marker)
        + " | grep -v grep || true"));
    assertThat(left.stdout()).as("the timed-out command was stopped").isEmpty();
    assertThat(run(way, "echo still usable").stdout()).isEqualTo("still usable\n");
  }

  @Test
  void aDroppedConnectionIsReportedForTheCommandInFlightAndReopenedForTheNext() throws Exception {
    Host host = host(first);
    assertThat(transport.run(host, Command.of("echo warm")).succeeded()).isTrue();
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      Future<CommandResult> inFlight = background.submit(() -> transport.run(host, Command.of("sleep 3; echo done")));
      OpenSshServer.sleep(700);
      first.dropConnections();

      assertThatThrownBy(inFlight::get).hasCauseInstanceOf(ConnectionLostException.class)
          .cause().hasMessageContaining("may have done part of its work and was not run again");
    } finally {
      background.shutdownNow();
    }

    assertThat(transport.run(host, Command.of("echo back")).stdout()).isEqualTo("back\n");
    first.dropConnections();
    // "Between commands" means the client could see the connection go before the next command:
    // a drop in the very millisecond a command is sent is indistinguishable from one during it.
    OpenSshServer.sleep(300);
    assertThat(transport.run(host, Command.of("echo between")).stdout())
        .as("a drop between commands is healed quietly").isEqualTo("between\n");
  }

  @Test
  void commandsWithoutInputShareOnePersistentShellUntilTheConnectionDrops() {
    Host host = host(first);
    String shell = transport.run(host, Command.of("echo $PPID")).stdout();

    assertThat(transport.run(host, Command.of("echo $PPID")).stdout()).as("the next command, in the same shell")
        .isEqualTo(shell);
    assertThat(transport.run(host, Command.of("echo $PPID").withStdin(new byte[0])).stdout())
        .as("a command with input, in a session of its own").isNotEqualTo(shell);
    assertThat(transport.run(host, Command.of("echo $PPID").withSecret("TOKEN", new Secret("t"))).stdout())
        .as("a command with a secret, in a session of its own").isNotEqualTo(shell);
    assertThat(transport.run(host, Command.of("echo $PPID")).stdout()).as("the shell is still kept").isEqualTo(shell);
    first.dropConnections();
    OpenSshServer.sleep(300);
    assertThat(transport.run(host, Command.of("echo $PPID")).stdout()).as("a new shell on the new connection")
        .isNotEqualTo(shell);
  }

  @Test
  void runsManyCommandsAtOnceOverOneConnection() throws Exception {
    Host host = host(first);
    transport.connect(List.of(host));
    ExecutorService pool = Executors.newFixedThreadPool(30);
    try {
      List<Future<CommandResult>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        int n = i;
        results.add(pool.submit(() -> transport.run(host, Command.of("sleep 0.2; echo " + n))));
      }
      for (int i = 24; i < 30; i++) {
        int n = i;
        results.add(pool.submit(() -> transport.run(host, Command.of("cat; echo " + n).withStdin(new byte[0]))));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
      }
      assertThat(first.connectionCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesAKeyTheServerDoesNotKnow() {
    Path stranger = Keys.generate(dir.resolve("stranger_ecdsa"), "ecdsa", "");

    assertThatThrownBy(() -> transport.run(host(first, s -> withKey(s, stranger)), Command.of("true")))
        .isInstanceOfSatisfying(TransportException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
          assertThat(e.getMessage()).contains("refused the login", stranger.toString());
        });
  }

  @Test
  void stopsAtAnUnknownHostKeyWithItsFingerprintAndTheLineToAdd() throws IOException {
    Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "");

    assertThatThrownBy(() -> transport.connect(List.of(host(first, s -> withKnownHosts(s, empty)))))
        .isInstanceOfSatisfying(HostKeyException.class, e -> {
          assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
          assertThat(e.problem()).isEqualTo(HostKeyException.Problem.UNKNOWN);
          assertThat(e.knownHostsLine()).isEqualTo(first.knownHostsLine());
          assertThat(e.getMessage()).contains(e.fingerprint(), first.knownHostsLine(), "--accept-new-host-keys");
          assertThat(e.fingerprint()).startsWith("SHA256:");
        });
    assertThat(Files.readString(empty)).isEmpty();
  }

  @Test
  void refusesAChangedHostKeyEvenWhenNewKeysAreAccepted() throws IOException {
    String otherKey = Keys.publicKey(Keys.generate(dir.resolve("impostor_ecdsa"), "ecdsa", ""));
    String hostPart = first.knownHostsLine().split(" ")[0];
    Path changed = Files.writeString(dir.resolve("known_hosts_changed"), hostPart + " " + otherKey + "\n");

    for (SshTransport.HostKeyPolicy policy : SshTransport.HostKeyPolicy.values()) {
      try (SshTransport lenient = transport(policy)) {
        assertThatThrownBy(() -> lenient.run(host(first, s -> withKnownHosts(s, changed)), Command.of("true")))
            .isInstanceOfSatisfying(HostKeyException.class, e -> {
              assertThat(e.problem()).isEqualTo(HostKeyException.Problem.CHANGED);
              assertThat(e.getMessage()).contains("DIFFERS", "nothing was run");
            });
      }
    }
    assertThat(Files.readString(changed)).isEqualTo(hostPart + " " + otherKey + "\n");
  }

  @Test
  void acceptNewAddsAnUnknownKeyOnce() throws IOException {
    Path fresh = dir.resolve("known_hosts_fresh");
    Files.deleteIfExists(fresh);

    try (SshTransport accepting = transport(SshTransport.HostKeyPolicy.ACCEPT_NEW)) {
      assertThat(accepting.run(host(first, s -> withKnownHosts(s, fresh)), Command.of("echo hi")).stdout()).isEqualTo("hi\n");
    }
    assertThat(Files.readString(fresh)).isEqualTo(first.knownHostsLine() + "\n");
    try (SshTransport strict = transport(SshTransport.HostKeyPolicy.STRICT)) {
      assertThat(strict.run(host(first, s -> withKnownHosts(s, fresh)), Command.of("echo again")).succeeded()).isTrue();
    }
  }

  @Test
  void namesTheHostWhenSudoIsMissing() {
    try (TestServer bare = start(ServerSpec.of(address(3), authorizedKeys, dir.resolve("host3")).withPath("/nonexistent"))) {
      appendKnownHost(bare);

      assertThatThrownBy(() -> transport.run(host(bare, TransportContract::withSudo), Command.of("true")))
          .isInstanceOfSatisfying(TransportException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(e.getMessage()).contains(bare.address(), "sudo is not installed");
          });
    }
  }

  @Test
  void namesTheHostWhenSudoWantsAPassword() throws IOException {
    // The account running the tests may sudo freely (root in CI), so sudo's answer for a user who
    // needs a password comes from a stand-in that prints it exactly as sudo does.
    Path bin = Files.createDirectories(dir.resolve("password-sudo-bin"));
    Path sudo = bin.resolve("sudo");
    Files.writeString(sudo, "#!/bin/sh\necho 'sudo: a password is required' >&2\nexit 1\n");
    sudo.toFile().setExecutable(true);
    try (TestServer strict = start(ServerSpec.of(address(4), authorizedKeys, dir.resolve("host4"))
        .withPath(bin + ":/usr/bin:/bin"))) {
      appendKnownHost(strict);

      assertThatThrownBy(() -> transport.run(host(strict, TransportContract::withSudo), Command.of("true")))
          .isInstanceOfSatisfying(TransportException.class, e ->
              assertThat(e.getMessage()).contains(strict.address(), "sudo asks for a password", "NOPASSWD"));
    }
  }

  @Test
  void runsThroughSudoWhenAsked() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/sudo")) && System.getProperty("user.name").equals("root"),
        "needs sudo and a user it lets through without a password (root, as in CI)");
    Host viaSudo = host(first, TransportContract::withSudo);

    assertThat(transport.run(viaSudo, Command.of("id -u")).stdout()).isEqualTo("0\n");
    assertThat(transport.run(viaSudo, Command.of("cat").withStdin("in".getBytes(StandardCharsets.UTF_8))).stdout())
        .isEqualTo("in\n");
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void quotedWordsArriveIntact(Way way) {
    for (String word : List.of("with space", "it's", "\"dq\"", "$HOME", "`id`", "$(id)", "new\nline", "*", "-n")) {
      assertThat(run(way, "printf '%s' " + Shell.quote(word)).stdout()).isEqualTo(word + "\n");
    }
  }

  @Test
  void uploadsAndDownloadsFilesUnderAwkwardNames() {
    Host host = host(first);
    String awkward = "dir with space 'single' \"double\" $HOME `id`";
    RemotePath base = RemotePath.of(dir.resolve("host1").toAbsolutePath() + "/" + awkward);
    transport.run(host, Command.of("mkdir -p " + Shell.quote(base.value())));
    RemotePath file = base.resolve("confluence.cfg.xml");
    byte[] content = "<confluence-configuration/>\n".getBytes(StandardCharsets.UTF_8);

    transport.upload(host, file, content, 0640);
    transport.upload(host, file, "<replaced/>".getBytes(StandardCharsets.UTF_8), 0600);

    assertThat(transport.download(host, file, 1024)).hasValueSatisfying(
        b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("<replaced/>"));
    assertThat(transport.run(host, Command.of("stat -c %a " + Shell.quote(file.value()))).stdout()).isEqualTo("600\n");
    assertThat(transport.run(host, Command.of("ls -A " + Shell.quote(base.value()))).stdout())
        .as("no temporary file is left").isEqualTo("confluence.cfg.xml\n");
    assertThat(transport.download(host, base.resolve("absent"), 1024)).isEmpty();
    assertThatThrownBy(() -> transport.download(host, file, 4)).isInstanceOf(CopyException.class)
        .hasMessageContaining("larger than 4 bytes");
    assertThatThrownBy(() -> transport.upload(host, RemotePath.of("/nonexistent-dir/x"), content, 0600))
        .isInstanceOf(CopyException.class);
  }

  @Test
  void copiesATreeBetweenHostsKeepingEverythingAndVerifyingIt() {
    Host from = host(first);
    Host to = host(second);
    String source = dir.resolve("host1").toAbsolutePath() + "/home with 'quotes' $x";
    String target = dir.resolve("host2").toAbsolutePath() + "/copied home";
    transport.run(to, Command.of("rm -rf " + Shell.quote(target)));
    CommandResult made = transport.run(from, Command.of(String.join("; ",
        "set -e",
        "rm -rf " + Shell.quote(source),
        "mkdir -p " + Shell.quote(source) + "/attachments/ver003/12/34 " + Shell.quote(source) + "/empty",
        "cd " + Shell.quote(source),
        "head -c 3000000 /dev/urandom > attachments/ver003/12/34/file1",
        "printf 'config' > 'confluence.cfg.xml'",
        "printf 'odd' > \"$(printf 'name with\\nnewline')\"",
        "printf 'run' > bin.sh; chmod 750 bin.sh",
        "ln -s attachments/ver003 latest",
        "touch -d @1577934245 confluence.cfg.xml attachments",
        // As root (as in CI) ownership travels too: one file belongs to another user.
        "if [ \"$(id -u)\" = 0 ]; then chown nobody:nogroup bin.sh; fi")));
    assertThat(made.succeeded()).as(made.stderr()).isTrue();
    List<Long> progress = new ArrayList<>();

    CopyReport report = transport.copyTree(from, RemotePath.of(source), to, RemotePath.of(target),
        (bytes, elapsed) -> progress.add(bytes));

    assertThat(report.files()).isEqualTo(4);
    assertThat(report.symlinks()).isEqualTo(1);
    assertThat(report.directories()).isEqualTo(6);
    assertThat(report.fileBytes()).isEqualTo(3_000_000 + 6 + 3 + 3);
    assertThat(report.streamedBytes()).isGreaterThan(3_000_000);
    assertThat(progress).isNotEmpty().last().isEqualTo(report.streamedBytes());
    String listing = "cd %s && find . -printf '%%y %%m %%s %%T@ %%u:%%g %%p %%l\\n' | sed -E 's/^([a-z] [0-9]+ [0-9]+ [0-9]+)\\.[0-9]+/\\1/'"
        + " | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort";
    assertThat(transport.run(to, Command.of(listing.formatted(Shell.quote(target)))).stdout())
        .isEqualTo(transport.run(from, Command.of(listing.formatted(Shell.quote(source)))).stdout())
        .contains("f 750 3 ", " ./latest attachments/ver003", "f 644 6 1577934245 ")
        .contains(System.getProperty("user.name").equals("root") ? "nobody:nogroup ./bin.sh" : " ./bin.sh");
    assertThat(transport.run(to, Command.of("ls -d " + Shell.quote(target) + "*")).stdout())
        .as("the staging directory took the target's name").isEqualTo(target + "\n");
  }

  @Test
  void neverCopiesOverAnExistingDirectory() {
    Host from = host(first);
    Host to = host(second);
    String source = dir.resolve("host1").toAbsolutePath() + "/src-tree";
    String target = dir.resolve("host2").toAbsolutePath() + "/existing";
    transport.run(from, Command.of("mkdir -p " + Shell.quote(source) + " && echo a > " + Shell.quote(source + "/a")));
    transport.run(to, Command.of("mkdir -p " + Shell.quote(target) + " && echo keep > " + Shell.quote(target + "/keep")));

    assertThatThrownBy(() -> transport.copyTree(from, RemotePath.of(source), to, RemotePath.of(target), CopyListener.IGNORE))
        .isInstanceOf(CopyException.class).hasMessageContaining("exists already");
    assertThat(transport.run(to, Command.of("cat " + Shell.quote(target + "/keep"))).stdout()).isEqualTo("keep\n");
    assertThatThrownBy(() -> transport.copyTree(from, RemotePath.of(source + "-missing"), to,
        RemotePath.of(target + "-new"), CopyListener.IGNORE))
        .isInstanceOf(CopyException.class).hasMessageContaining("is not a directory");
  }

  @Test
  void connectsToEveryHostAndReportsEveryFailureTogether() throws IOException {
    Path empty = Files.writeString(dir.resolve("known_hosts_none"), "");
    Host good = host(first);
    Host unknown = host(second, s -> withKnownHosts(s, empty));
    Host closed = new Host("nowhere", address(9), host(first).ssh());

    assertThatThrownBy(() -> transport.connect(List.of(good, unknown, closed)))
        .isInstanceOf(OrchestrateException.class)
        .hasMessageContaining("2 hosts cannot be used")
        .hasMessageContaining("not in " + empty)
        .hasMessageContaining("connection refused");
  }

  private void appendKnownHost(TestServer server) {
    try {
      Files.writeString(knownHosts, server.knownHostsLine() + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
