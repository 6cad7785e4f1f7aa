package dev.orchestrate.sandbox;

import static java.util.Objects.requireNonNull;

import com.google.common.io.MoreFiles;
import dev.orchestrate.sandbox.confluence.SimulatedDatabase;
import dev.orchestrate.sandbox.confluence.SimulatedLicense;
import dev.orchestrate.sandbox.ssh.ClientKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A sandbox: N simulated hosts on this machine, each reached over SSH on 127.0.1.K like a real
 * machine, with a Confluence Server installation on host 1 (running, with attachments) and bare
 * hosts beside it, plus a cluster.yaml, client key and known_hosts ready for orchestrate. Needs no
 * root and no network. {@link #up} starts one; {@link #down} stops it and every process it started.
 */
public final class Sandbox {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration SERVER_START = Duration.ofSeconds(30);
  private static final Duration CONFLUENCE_START = Duration.ofSeconds(60);
  /** One client for every /status poll: building one costs a thread pool. */
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private Sandbox() {}

  /**
   * How to build a sandbox.
   *
   * @param firstAddress host K listens on this address's last part plus K - 1 (default 127.0.1.1)
   * @param startDelay how long a simulated node stays STARTING before RUNNING
   */
  public record Options(Path dir, int nodes, int attachmentsMb, String firstAddress, int sshPort, Duration startDelay) {
    public Options {
      requireNonNull(dir, "dir");
      requireNonNull(firstAddress, "firstAddress");
      requireNonNull(startDelay, "startDelay");
      if (nodes < 1 || nodes > 50) {
        throw new IllegalArgumentException("a sandbox has 1 to 50 hosts, not " + nodes);
      }
      if (attachmentsMb < 0) {
        throw new IllegalArgumentException("attachments cannot be " + attachmentsMb + " MB");
      }
    }

    public static Options defaults() {
      return new Options(defaultDirectory(), 3, 20, "127.0.1.1", 2222, Duration.ofSeconds(1));
    }

    public Options withDir(Path directory) {
      return new Options(directory, nodes, attachmentsMb, firstAddress, sshPort, startDelay);
    }

    public Options withNodes(int count) {
      return new Options(dir, count, attachmentsMb, firstAddress, sshPort, startDelay);
    }

    public Options withAttachmentsMb(int megabytes) {
      return new Options(dir, nodes, megabytes, firstAddress, sshPort, startDelay);
    }

    public Options withFirstAddress(String address) {
      return new Options(dir, nodes, attachmentsMb, address, sshPort, startDelay);
    }

    public Options withStartDelay(Duration delay) {
      return new Options(dir, nodes, attachmentsMb, firstAddress, sshPort, delay);
    }
  }

  /** Where a sandbox lives unless told otherwise: a directory of this user's under the temporary directory. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "orchestrate-sandbox-" + System.getProperty("user.name"));
  }

  /** One host as it is now. */
  public record Host(String name, String address, int sshPort, Path root, boolean sshUp, String confluence) {}

  /** What a sandbox is: where, its hosts, and the files orchestrate needs to reach them. */
  public record Status(SandboxLayout layout, boolean running, String user, List<Host> hosts) {
    /** The command that logs in to {@code host}, using only files of the sandbox. */
    public String sshCommand(Host host) {
      return "ssh -i " + layout.clientKey() + " -o UserKnownHostsFile=" + layout.knownHosts() + " -p " + host.sshPort()
          + " " + user + "@" + host.address();
    }
  }

  /** Builds and starts a sandbox; fails, starting nothing, if one runs in that directory already. */
  public static Status up(Options options) {
    SandboxLayout layout = new SandboxLayout(options.dir());
    Optional<SandboxState> previous = SandboxState.read(layout);
    if (previous.isPresent() && previous.get().serverAlive()) {
      throw new IllegalStateException("a sandbox runs in " + layout.dir() + " already (process "
          + previous.get().serverPid() + "); stop it first with: orchestrate sandbox down --dir " + layout.dir());
    }
    clear(layout);
    SandboxState state = new SandboxState(options.nodes(), options.firstAddress(), options.sshPort(),
        System.getProperty("user.name"), SandboxState.STARTING, 0, "");
    build(layout, state, options);
    state.write(layout);
    startServer(layout);
    try {
      startConfluence(layout, state, 1);
    } catch (RuntimeException e) {
      down(layout.dir());
      throw e;
    }
    return status(layout.dir());
  }

  /**
   * The environment a session on host {@code k} of the sandbox in {@code dir} starts with — what
   * makes a command there behave as on that host. For reaching the sandbox's hosts through
   * another SSH server (real OpenSSH, in the end-to-end tests), which sets it with SetEnv.
   */
  public static Map<String, String> hostEnvironment(Path dir, int k) {
    SandboxLayout layout = new SandboxLayout(dir);
    SandboxState state = SandboxState.read(layout)
        .orElseThrow(() -> new IllegalStateException("there is no sandbox in " + dir));
    return HostEnvironment.of(layout, state, k);
  }

  /** Stops the sandbox in {@code dir} and every process it started; returns how many processes that was. */
  public static int down(Path dir) {
    SandboxLayout layout = new SandboxLayout(dir);
    Optional<SandboxState> state = SandboxState.read(layout);
    int stopped = ProcessSweeper.stopAll(layout.dir(), 10);
    state.ifPresent(s -> s.with(SandboxState.DOWN, 0, "").write(layout));
    return stopped;
  }

  /** What the sandbox in {@code dir} is now. */
  public static Status status(Path dir) {
    SandboxLayout layout = new SandboxLayout(dir);
    SandboxState state = SandboxState.read(layout)
        .orElseThrow(() -> new IllegalStateException("there is no sandbox in " + layout.dir()));
    List<Host> hosts = new ArrayList<>();
    for (int k = 1; k <= state.nodes(); k++) {
      String address = state.address(k);
      hosts.add(new Host(layout.nodeName(k), address, state.sshPort(), layout.hostRoot(k),
          listening(address, state.sshPort()), confluenceState(address, 8090)));
    }
    return new Status(layout, state.serverAlive(), state.user(), hosts);
  }

  private static void clear(SandboxLayout layout) {
    try {
      if (Files.exists(layout.dir())) {
        boolean empty;
        try (Stream<Path> entries = Files.list(layout.dir())) {
          empty = entries.findAny().isEmpty();
        }
        if (!empty && !Files.exists(layout.marker())) {
          throw new IllegalStateException(layout.dir() + " holds files that are not a sandbox's; choose another --dir");
        }
        ProcessSweeper.stopAll(layout.dir(), 5);
        MoreFiles.deleteDirectoryContents(layout.dir());
      }
      Files.createDirectories(layout.dir());
      Files.writeString(layout.marker(), "This directory is an orchestrate sandbox; `sandbox up` rebuilds it.\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + layout.dir(), e);
    }
  }

  private static void build(SandboxLayout layout, SandboxState state, Options options) {
    try {
      for (int k = 1; k <= state.nodes(); k++) {
        Files.createDirectories(layout.userHome(k));
      }
      Files.createDirectories(layout.sharedMount());
      String password = "sandbox-db-" + hex(12);
      secretFile(layout.databasePassword(), password + "\n");
      secretFile(layout.serverLicense(), SimulatedLicense.create(SimulatedLicense.Edition.SERVER, hex(8)));
      secretFile(layout.dataCenterLicense(), SimulatedLicense.create(SimulatedLicense.Edition.DATACENTER, hex(8)));
      String databaseUrl = "jdbc:postgresql://" + SandboxServer.DATABASE_ADDRESS + ":" + SandboxServer.DATABASE_PORT
          + "/confluence";
      SimulatedDatabase.of(layout.databases(), databaseUrl).create("confluence", password);
      clientKey(layout);
      ServerInstallation.write(layout.installDir(1), layout.localHome(1), new ServerInstallation.Settings(
          Files.readString(layout.serverLicense()), databaseUrl, "confluence", password, base64(1216), base64(294),
          8090, options.startDelay().toMillis(), options.attachmentsMb() * 1024L * 1024L, RANDOM.nextLong()));
      Files.writeString(layout.clusterYaml(), SandboxClusterYaml.content(layout, state, databaseUrl));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the sandbox in " + layout.dir(), e);
    }
  }

  private static void clientKey(SandboxLayout layout) throws IOException {
    String publicLine = ClientKeys.write(layout.clientKey(), "orchestrate-sandbox");
    Files.writeString(layout.dir().resolve("authorized_keys"), publicLine);
  }

  private static void startServer(SandboxLayout layout) {
    String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
    ProcessBuilder builder = new ProcessBuilder("setsid", java, "-Xmx192m", "-XX:+UseSerialGC",
        "-Dorg.apache.sshd.security.provider.BC.enabled=false",
        "-cp", System.getProperty("java.class.path"), SandboxServer.class.getName(), layout.dir().toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().put(HostEnvironment.MARK, layout.dir().toString());
    Process server;
    try {
      server = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox's SSH servers", e);
    }
    long deadline = System.nanoTime() + SERVER_START.toNanos();
    while (System.nanoTime() < deadline) {
      SandboxState state = SandboxState.read(layout).orElseThrow();
      if (state.phase().equals(SandboxState.READY)) {
        return;
      }
      if (state.phase().equals(SandboxState.FAILED) || !server.isAlive()) {
        ProcessSweeper.stopAll(layout.dir(), 5);
        throw new IllegalStateException("the sandbox's SSH servers did not start: "
            + (state.problem().isEmpty() ? "see " + layout.log() : state.problem()));
      }
      ProcessSweeper.sleep(50);
    }
    ProcessSweeper.stopAll(layout.dir(), 5);
    throw new IllegalStateException("the sandbox's SSH servers did not start within " + SERVER_START.toSeconds()
        + "s; see " + layout.log());
  }

  /** Starts Confluence on host {@code k} with its start script, in the host's environment, and waits for RUNNING. */
  private static void startConfluence(SandboxLayout layout, SandboxState state, int k) {
    ProcessBuilder builder = new ProcessBuilder("/bin/sh", layout.installDir(k).resolve("bin/start-confluence.sh")
        .toString()).directory(layout.userHome(k).toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log().toFile()));
    builder.environment().clear();
    builder.environment().putAll(HostEnvironment.of(layout, state, k));
    try {
      Process script = builder.start();
      if (!script.waitFor(30, TimeUnit.SECONDS) || script.exitValue() != 0) {
        throw new IllegalStateException("start-confluence.sh failed on " + layout.nodeName(k) + "; see " + layout.log());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Confluence on " + layout.nodeName(k), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    long deadline = System.nanoTime() + CONFLUENCE_START.toNanos();
    String seen = "";
    while (System.nanoTime() < deadline) {
      seen = confluenceState(state.address(k), 8090);
      if (seen.equals("RUNNING") || seen.equals("ERROR")) {
        break;
      }
      ProcessSweeper.sleep(100);
    }
    if (!seen.equals("RUNNING")) {
      throw new IllegalStateException("Confluence on " + layout.nodeName(k) + " is " + seen + ", not RUNNING; see "
          + layout.localHome(k).resolve("logs/atlassian-confluence.log"));
    }
  }

  private static boolean listening(String address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The state /status reports on {@code address:port}, or "not running". */
  public static String confluenceState(String address, int port) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + "/status"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      int at = body.indexOf("\"state\":\"");
      return at < 0 ? "unknown" : body.substring(at + 9, body.indexOf('"', at + 9));
    } catch (IOException e) {
      return "not running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not running";
    }
  }

  private static void secretFile(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static String hex(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static String base64(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getEncoder().encodeToString(random);
  }
}
