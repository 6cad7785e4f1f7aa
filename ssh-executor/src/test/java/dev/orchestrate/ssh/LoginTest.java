package dev.orchestrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.TransportException;
import dev.orchestrate.sandbox.ssh.EmbeddedSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way the transport logs in, against real OpenSSH (keys of each type, a passphrase from the
 * environment, a running ssh-agent, the default key files, hashed known_hosts) and against the
 * embedded server (a password from the environment, which Debian's sshd would need PAM for).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginTest {
  private Path dir;
  private OpenSshServer openssh;
  private EmbeddedSshServer embedded;
  private Path knownHosts;
  private final Map<String, Path> keys = new HashMap<>();

  @BeforeAll
  void start(@TempDir Path classDir) throws IOException {
    dir = classDir;
    for (String type : new String[] {"ed25519", "ecdsa", "rsa"}) {
      keys.put(type, Keys.generate(dir.resolve("id_" + type), type, ""));
    }
    keys.put("encrypted", Keys.generate(dir.resolve("id_encrypted"), "ed25519", "correct horse"));
    Path authorized = dir.resolve("authorized_keys");
    Keys.authorize(authorized, keys.values().toArray(Path[]::new));
    StringBuilder known = new StringBuilder();
    if (OpenSshServer.available()) {
      openssh = OpenSshServer.start(ServerSpec.of("127.0.1.31", authorized, dir.resolve("openssh")));
      known.append(openssh.knownHostsLine()).append('\n');
    }
    embedded = EmbeddedSshServer.builder().address("127.0.1.32").hostKey(dir.resolve("embedded/key"))
        .authorizedKeys(authorized).directory(dir.resolve("embedded")).password("open sesame").start();
    known.append(embedded.knownHostsLine()).append('\n');
    knownHosts = Files.writeString(dir.resolve("known_hosts"), known);
  }

  @AfterAll
  void stop() {
    if (openssh != null) {
      openssh.close();
    }
    embedded.close();
  }

  private OpenSshServer openssh() {
    if (openssh == null) {
      ServerFixtures.requireOpenSsh();
    }
    return openssh;
  }

  private static Host host(String address, int port, Optional<Path> key, Optional<String> passphraseEnv,
      Optional<String> passwordEnv, Path knownHosts) {
    return new Host("login-test", address, new SshSettings(System.getProperty("user.name"), port, key, passphraseEnv,
        passwordEnv, knownHosts, SshSettings.Become.NONE, Duration.ofSeconds(10)));
  }

  private String whoami(Host host, Map<String, String> variables, Path home) {
    Environment environment = new Environment(variables, home, System.getProperty("user.name"));
    try (SshTransport transport = SshTransport.create(environment, SshTransport.Options.defaults())) {
      return transport.run(host, Command.of("echo logged in")).stdout();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
  void logsInWithAnIdentityFileOfEachType(String type) {
    Host host = host(openssh().address(), openssh().port(), Optional.of(keys.get(type)), Optional.empty(),
        Optional.empty(), knownHosts);

    assertThat(whoami(host, Map.of(), dir)).isEqualTo("logged in\n");
  }

  @Test
  void readsAKeysPassphraseOnlyFromTheNamedVariable() {
    Host withVariable = host(openssh().address(), openssh().port(), Optional.of(keys.get("encrypted")),
        Optional.of("KEY_PASSPHRASE"), Optional.empty(), knownHosts);
    Host withoutVariable = host(openssh().address(), openssh().port(), Optional.of(keys.get("encrypted")),
        Optional.empty(), Optional.empty(), knownHosts);

    assertThat(whoami(withVariable, Map.of("KEY_PASSPHRASE", "correct horse"), dir)).isEqualTo("logged in\n");
    assertThatThrownBy(() -> whoami(withoutVariable, Map.of(), dir)).isInstanceOf(TransportException.class)
        .hasMessageContaining("protected by a passphrase").hasMessageContaining("ssh.passphraseEnv");
    assertThatThrownBy(() -> whoami(withVariable, Map.of(), dir)).isInstanceOf(TransportException.class)
        .hasMessageContaining("KEY_PASSPHRASE, which is not set");
  }

  @Test
  void usesTheKeysOfARunningAgent() throws Exception {
    Path socket = dir.resolve("agent.sock");
    Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
    try {
      for (int i = 0; i < 100 && !Files.exists(socket); i++) {
        OpenSshServer.sleep(20);
      }
      for (String type : new String[] {"rsa", "ed25519"}) {
        Keys.run("env", "SSH_AUTH_SOCK=" + socket, "ssh-add", "-q", keys.get(type).toString());
        Host host = host(openssh().address(), openssh().port(), Optional.empty(), Optional.empty(), Optional.empty(),
            knownHosts);
        Path emptyHome = Files.createDirectories(dir.resolve("home-without-keys"));

        assertThat(whoami(host, Map.of("SSH_AUTH_SOCK", socket.toString()), emptyHome)).isEqualTo("logged in\n");
        Keys.run("env", "SSH_AUTH_SOCK=" + socket, "ssh-add", "-q", "-D");
      }
    } finally {
      agent.destroy();
      agent.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void fallsBackToTheDefaultKeyFiles() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home-with-default-key/.ssh")).getParent();
    Files.copy(keys.get("ed25519"), home.resolve(".ssh/id_ed25519"));
    Host host = host(openssh().address(), openssh().port(), Optional.empty(), Optional.empty(), Optional.empty(),
        knownHosts);

    assertThat(whoami(host, Map.of(), home)).isEqualTo("logged in\n");
  }

  @Test
  void saysSoWhenThereIsNoKeyAtAll() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home-with-nothing"));
    Host host = host(openssh().address(), openssh().port(), Optional.empty(), Optional.empty(), Optional.empty(),
        knownHosts);

    assertThatThrownBy(() -> whoami(host, Map.of(), home)).isInstanceOf(TransportException.class)
        .hasMessageContaining("there is no key to log in with");
  }

  @Test
  void trustsHashedKnownHostsEntries() throws IOException {
    Path hashed = Files.copy(knownHosts, dir.resolve("known_hosts_hashed"));
    Keys.run("ssh-keygen", "-q", "-H", "-f", hashed.toString());
    assertThat(Files.readString(hashed)).startsWith("|1|").doesNotContain(openssh().address());
    Host host = host(openssh().address(), openssh().port(), Optional.of(keys.get("ed25519")), Optional.empty(),
        Optional.empty(), hashed);

    assertThat(whoami(host, Map.of(), dir)).isEqualTo("logged in\n");
  }

  @Test
  void logsInWithAPasswordFromTheEnvironment() {
    Path home = dir.resolve("home-with-nothing-either");
    Host right = host(embedded.address(), embedded.port(), Optional.empty(), Optional.empty(),
        Optional.of("SSH_PASSWORD"), knownHosts);

    assertThat(whoami(right, Map.of("SSH_PASSWORD", "open sesame"), home)).isEqualTo("logged in\n");
    assertThatThrownBy(() -> whoami(right, Map.of("SSH_PASSWORD", "wrong"), home))
        .isInstanceOf(TransportException.class).hasMessageContaining("refused the login")
        .hasMessageContaining("the password in SSH_PASSWORD").hasMessageNotContaining("wrong");
    assertThatThrownBy(() -> whoami(right, Map.of(), home)).hasMessageContaining("SSH_PASSWORD, which is not set");
  }
}
