package dev.orchestrate.ssh;

import com.google.common.io.MoreFiles;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One command ({@code true}) on a warm connection to a real OpenSSH server on loopback, each
 * call's time sampled: through orchestrate's persistent shell, through a session of its own (what
 * a command with standard input takes), and through OpenSSH's own client on a multiplexed
 * (ControlMaster) connection, the fastest way a shell script reaches a host it already reached.
 * Run by benchmarks/transport.sh; {@link #main} prints the medians as {@code RESULT} lines for
 * benchmarks/compare.sh. Needs /usr/sbin/sshd and the ssh client; asserts nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WarmCommandBenchmark {
  /** A loopback address no test and no other benchmark uses. */
  private static final String ADDRESS = "127.0.1.44";

  private Path work;
  private OpenSshServer server;
  private SshTransport transport;
  private Host host;
  private List<String> multiplexed;
  private List<String> ssh;
  private Path control;

  @Setup
  public void setUp() throws IOException {
    work = Files.createTempDirectory("orchestrate-warm-command-");
    Path key = Keys.generate(work.resolve("client_ed25519"), "ed25519", "");
    Path authorized = work.resolve("authorized_keys");
    Keys.authorize(authorized, key);
    server = OpenSshServer.start(ServerSpec.of(ADDRESS, authorized, work.resolve("sshd")).withEmptyStartupFiles());
    Path knownHosts = Files.writeString(work.resolve("known_hosts"), server.knownHostsLine() + "\n");
    String user = System.getProperty("user.name");
    host = new Host("bench", server.address(), new SshSettings(user, server.port(), Optional.of(key), Optional.empty(),
        Optional.empty(), knownHosts, SshSettings.Become.NONE, Duration.ofSeconds(10)));
    transport = SshTransport.create(new Environment(Map.of(), work, user), SshTransport.Options.defaults());
    transport.connect(List.of(host));
    ssh = List.of("ssh", "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts, "-o", "BatchMode=yes",
        "-o", "IdentitiesOnly=yes", "-p", Integer.toString(server.port()), user + "@" + server.address());
    control = work.resolve("control");
    List<String> master = new ArrayList<>(ssh);
    master.addAll(1, List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + control, "-o", "ControlPersist=120",
        "-N", "-f"));
    Keys.run(master.toArray(String[]::new));
    multiplexed = new ArrayList<>(ssh);
    multiplexed.addAll(1, List.of("-o", "ControlPath=" + control));
    multiplexed.add("true");
  }

  @TearDown
  public void tearDown() throws IOException {
    List<String> stop = new ArrayList<>(ssh);
    stop.addAll(1, List.of("-o", "ControlPath=" + control, "-O", "exit"));
    Keys.run(stop.toArray(String[]::new));
    transport.close();
    server.close();
    MoreFiles.deleteRecursively(work);
  }

  @Benchmark
  public CommandResult persistentShell() {
    return transport.run(host, Command.of("true"));
  }

  @Benchmark
  public CommandResult sessionOfItsOwn() {
    return transport.run(host, Command.of("true").withStdin(new byte[0]));
  }

  @Benchmark
  public int openSshControlMaster() throws IOException, InterruptedException {
    return new ProcessBuilder(multiplexed).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
  }

  /** Runs the three and prints each one's median, in milliseconds, as a {@code RESULT} line. */
  public static void main(String[] args) throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(WarmCommandBenchmark.class.getName() + "\\.").build()).run();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      double median = result.getPrimaryResult().getStatistics().getPercentile(50);
      String key = switch (benchmark.substring(benchmark.lastIndexOf('.') + 1)) {
        case "persistentShell" -> "warm-command-ms";
        case "sessionOfItsOwn" -> "own-session-ms";
        default -> "openssh-multiplexed-ms";
      };
      System.out.printf("RESULT %s %.2f%n", key, median);
    }
  }
}
