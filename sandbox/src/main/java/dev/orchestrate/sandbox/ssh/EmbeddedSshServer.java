package dev.orchestrate.sandbox.ssh;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * One simulated host's SSH server: Apache MINA SSHD on one address and port, with its own host
 * key, accepting the keys of one authorized_keys file (and, if given, one password), and running
 * every command with {@code /bin/sh} on this machine in the host's directory. Start with {@link
 * #builder()}; {@link #close()} stops it and every command it runs.
 */
public final class EmbeddedSshServer implements AutoCloseable {
  /** util-linux's setsid, found once: a host's own PATH may leave it out on purpose. */
  private static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid", "/usr/sbin/setsid")
      .map(Path::of).filter(Files::isExecutable).findFirst()
      .orElseThrow(() -> new IllegalStateException("the sandbox needs setsid (util-linux)"));

  private final SshServer server;
  private final ExecutorService pumps;
  private final String address;

  private EmbeddedSshServer(SshServer server, ExecutorService pumps, String address) {
    this.server = server;
    this.pumps = pumps;
    this.address = address;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of an {@link EmbeddedSshServer}; every default is written beside its field. */
  public static final class Builder {
    private String address = "127.0.0.1";
    private int port;
    private Path hostKey;
    private Path authorizedKeys;
    private Path directory = Path.of(System.getProperty("user.home"));
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String password;

    private Builder() {
      environment.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
      environment.put("LANG", "C.UTF-8");
    }

    /** The address to listen on (default 127.0.0.1); a sandbox host K uses 127.0.1.K. */
    public Builder address(String listenAddress) {
      this.address = requireNonNull(listenAddress);
      return this;
    }

    /** The port (default 0: any free port, see {@link EmbeddedSshServer#port()}). */
    public Builder port(int listenPort) {
      this.port = listenPort;
      return this;
    }

    /** Where the host key is kept; created (EC P-256) when the file does not exist. Required. */
    public Builder hostKey(Path file) {
      this.hostKey = requireNonNull(file);
      return this;
    }

    /** The authorized_keys file whose keys may log in. Required. */
    public Builder authorizedKeys(Path file) {
      this.authorizedKeys = requireNonNull(file);
      return this;
    }

    /** The directory commands start in, also their HOME (default: this user's home). */
    public Builder directory(Path dir) {
      this.directory = requireNonNull(dir);
      return this;
    }

    /** Sets a variable in every command's environment (which starts with PATH and LANG only). */
    public Builder environment(String name, String value) {
      environment.put(requireNonNull(name), requireNonNull(value));
      return this;
    }

    /** Also accepts this password (default: keys only). */
    public Builder password(String loginPassword) {
      this.password = requireNonNull(loginPassword);
      return this;
    }

    public EmbeddedSshServer start() {
      requireNonNull(hostKey, "hostKey");
      requireNonNull(authorizedKeys, "authorizedKeys");
      try {
        Files.createDirectories(directory);
        Files.createDirectories(hostKey.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + directory, e);
      }
      String setsid = SETSID.toString();
      Map<String, String> commandEnvironment = new LinkedHashMap<>(environment);
      commandEnvironment.putIfAbsent("HOME", directory.toString());
      commandEnvironment.putIfAbsent("USER", System.getProperty("user.name"));
      ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-ssh-" + address);
        thread.setDaemon(true);
        return thread;
      });
      SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
      keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
      keys.setKeySize(256);
      SshServer server = SshServer.setUpDefaultServer();
      server.setHost(address);
      server.setPort(port);
      server.setKeyPairProvider(keys);
      server.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorizedKeys));
      server.setPasswordAuthenticator(password == null ? null
          : (user, given, session) -> password.equals(given));
      server.setKeyboardInteractiveAuthenticator(null);
      server.setCommandFactory((channel, command) ->
          new ProcessCommand(List.of(setsid, "/bin/sh", "-c", command), directory, commandEnvironment, pumps));
      server.setShellFactory(channel ->
          new ProcessCommand(List.of(setsid, "/bin/sh", "-i"), directory, commandEnvironment, pumps));
      try {
        server.start();
      } catch (IOException e) {
        pumps.shutdownNow();
        throw new UncheckedIOException("cannot start an SSH server on " + address + ":" + port, e);
      }
      return new EmbeddedSshServer(server, pumps, address);
    }
  }

  public String address() {
    return address;
  }

  public int port() {
    return server.getPort();
  }

  /** The server's public host key. */
  public PublicKey hostKey() {
    KeyPairProvider provider = server.getKeyPairProvider();
    try {
      return provider.loadKeys(null).iterator().next().getPublic();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the host key of " + address, e);
    }
  }

  /** The line a known_hosts file needs to trust this server. */
  public String knownHostsLine() {
    String hostPart = port() == 22 ? address : "[" + address + "]:" + port();
    return hostPart + " " + PublicKeyEntry.toString(hostKey());
  }

  /** Drops every open connection, as a network failure or a restarted sshd would. */
  public void dropConnections() {
    for (Session session : server.getActiveSessions()) {
      session.close(true);
    }
  }

  /** How many connections are open now. */
  public int connectionCount() {
    return server.getActiveSessions().size();
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      pumps.shutdownNow();
    }
  }

  /** A short description, as {@code 127.0.1.2:2222}. */
  @Override
  public String toString() {
    return address + ":" + port();
  }
}
