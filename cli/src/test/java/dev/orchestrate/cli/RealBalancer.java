package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.balancer.BalancerConfig;
import dev.orchestrate.core.topology.LoadBalancer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx, HAProxy or Apache httpd running a configuration file, in the foreground as this
 * test's child, so that closing it — or the JVM ending — stops it and every worker it started.
 * It is never started on port 80 or 443 and never through systemctl: the test names its address.
 */
final class RealBalancer implements AutoCloseable {
  private static final Duration START = Duration.ofSeconds(15);
  private static final Duration STOP = Duration.ofSeconds(10);

  private final LoadBalancer.Kind kind;
  private final Process process;
  private final Path output;

  private RealBalancer(LoadBalancer.Kind kind, Process process, Path output) {
    this.kind = kind;
    this.process = process;
    this.output = output;
  }

  /**
   * Skips the calling test outside CI unless this machine runs as root with nginx, HAProxy and
   * Apache httpd installed; in CI (the {@code CI} variable, which .ci/run sets) it fails instead:
   * CI installs them and runs as root.
   */
  static void requireServers() {
    boolean root = System.getProperty("user.name").equals("root");
    List<String> missing = new ArrayList<>();
    for (LoadBalancer.Kind kind : LoadBalancer.Kind.values()) {
      if (BalancerConfig.of(kind).syntaxCheck().installed().isEmpty()) {
        missing.add(String.join(" or ", BalancerConfig.of(kind).syntaxCheck().programs()));
      }
    }
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(root && missing.isEmpty(), "skipped outside CI: needs root and nginx, haproxy and apache2"
          + " installed (missing: " + missing + ")");
    }
    assertThat(root).as("CI runs as root, which the balancers' pid files and logs under /run and /var/log need")
        .isTrue();
    assertThat(missing).as("CI installs nginx, haproxy and apache2 (.ci/run)").isEmpty();
  }

  /** Starts {@code kind} on {@code config} and waits until it accepts connections on {@code address:port}. */
  static RealBalancer start(LoadBalancer.Kind kind, Path config, String address, int port, Path work)
      throws Exception {
    assertThat(port).as("never the ports of the machine's own web server").isNotIn(80, 443);
    String program = BalancerConfig.of(kind).syntaxCheck().installed().orElseThrow().toString();
    List<String> command = switch (kind) {
      case NGINX -> List.of(program, "-c", config.toAbsolutePath().toString(), "-g", "daemon off;");
      case HAPROXY -> List.of(program, "-f", config.toAbsolutePath().toString(), "-db");
      case APACHE -> List.of(program, "-f", config.toAbsolutePath().toString(), "-DFOREGROUND");
    };
    Path output = work.resolve(kind.yamlName() + ".out");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    RealBalancer balancer = new RealBalancer(kind, process, output);
    Instant deadline = Instant.now().plus(START);
    while (!listening(address, port)) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        balancer.close();
        throw new AssertionError(kind.yamlName() + " did not start on " + address + ":" + port + " (" + command + "):\n"
            + balancer.log());
      }
      Thread.sleep(50);
    }
    return balancer;
  }

  /** What the server said on its standard output and error, for a failure's message. */
  String log() {
    try {
      return Files.exists(output) ? Files.readString(output) : "";
    } catch (IOException e) {
      return "(cannot read " + output + ": " + e.getMessage() + ")";
    }
  }

  /** Stops the server and every process it started: gently, then by force. */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    process.destroy();
    try {
      if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle handle : all) {
      if (handle.isAlive()) {
        handle.destroyForcibly();
        try {
          handle.onExit().get(STOP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError(kind.yamlName() + "'s process " + handle.pid() + " did not end", e);
        }
      }
    }
  }

  /**
   * The servers of {@code backend} in HAProxy's {@code show stat}, read from its runtime API's
   * socket file: one map per server, column name to value ({@code svname}, {@code status},
   * {@code check_status}, {@code scur}, {@code wretr}...).
   */
  static List<Map<String, String>> showStat(Path socket, String backend) throws IOException {
    String answer;
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      channel.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        bytes.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      answer = bytes.toString(StandardCharsets.US_ASCII);
    }
    List<String> columns = List.of();
    List<Map<String, String>> servers = new ArrayList<>();
    for (String line : answer.split("\n")) {
      if (line.startsWith("# ")) {
        columns = List.of(line.substring(2).split(","));
        continue;
      }
      String[] fields = line.split(",", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < Math.min(fields.length, columns.size()); i++) {
        row.put(columns.get(i), fields[i]);
      }
      if (backend.equals(row.get("pxname")) && !List.of("FRONTEND", "BACKEND").contains(row.get("svname"))) {
        servers.add(row);
      }
    }
    return servers;
  }

  static boolean listening(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
