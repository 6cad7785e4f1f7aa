package dev.orchestrate.ssh;

import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.TransportException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * How the transport logs in. With {@code identityFile} set, that key alone (its passphrase only
 * from the variable {@code passphraseEnv} names). Otherwise the keys of the SSH agent when one
 * runs, then {@code ~/.ssh/id_ed25519}, {@code id_ecdsa} and {@code id_rsa}. Last, when
 * {@code passwordEnv} is set, the password in that variable. Nothing secret is read from
 * anywhere else.
 */
final class Logins {
  private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

  private final Environment environment;

  Logins(Environment environment) {
    this.environment = environment;
  }

  void authenticate(SSHClient client, Host host) {
    SshSettings ssh = host.ssh();
    List<AuthMethod> methods = new ArrayList<>();
    List<String> offered = new ArrayList<>();
    if (ssh.identityFile().isPresent()) {
      Path file = ssh.identityFile().get();
      if (!Files.isReadable(file)) {
        throw new TransportException(host.name(), host.describe() + ": the identity file " + file
            + " does not exist or cannot be read");
      }
      methods.add(new AuthPublickey(key(client, host, file)));
      offered.add("the key " + file);
    } else {
      Optional<AgentClient> agent = AgentClient.fromEnvironment(environment);
      if (agent.isPresent()) {
        List<AgentClient.Identity> identities = agent.get().identities();
        identities.forEach(identity -> methods.add(new AgentAuthMethod(agent.get(), identity)));
        offered.add(identities.size() + " key(s) of the SSH agent");
      }
      for (String name : DEFAULT_KEYS) {
        Path file = environment.userHome().resolve(".ssh").resolve(name);
        if (Files.isReadable(file)) {
          methods.add(new AuthPublickey(key(client, host, file)));
          offered.add("the key " + file);
        }
      }
    }
    if (ssh.passwordEnv().isPresent()) {
      String variable = ssh.passwordEnv().get();
      String password = environment.variable(variable).orElse("");
      if (password.isEmpty()) {
        throw new TransportException(host.name(), host.describe() + ": ssh.passwordEnv names " + variable
            + ", which is not set");
      }
      methods.add(new AuthPassword(fixed(password)));
      offered.add("the password in " + variable);
    }
    if (methods.isEmpty()) {
      throw new TransportException(host.name(), host.describe() + ": there is no key to log in with: no SSH agent"
          + " runs, no ~/.ssh/id_ed25519, id_ecdsa or id_rsa exists, and cluster.yaml sets no ssh.identityFile");
    }
    try {
      client.auth(ssh.user(), methods);
    } catch (UserAuthException e) {
      throw new TransportException(host.name(), host.describe() + ": the host refused the login as " + ssh.user()
          + "; offered " + String.join(", ", offered) + " (" + HostConnection.reason(e) + ")", e);
    } catch (IOException e) {
      throw new TransportException(host.name(), host.describe() + ": the login failed: " + HostConnection.reason(e), e);
    }
  }

  private KeyProvider key(SSHClient client, Host host, Path file) {
    try {
      return client.loadKeys(file.toString(), passphrase(host, file));
    } catch (IOException e) {
      throw new TransportException(host.name(), host.describe() + ": cannot read the key " + file + ": "
          + HostConnection.reason(e), e);
    }
  }

  private PasswordFinder passphrase(Host host, Path file) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        String variable = host.ssh().passphraseEnv().orElseThrow(() -> new TransportException(host.name(),
            host.describe() + ": the identity file " + file + " is protected by a passphrase; put it in an"
                + " environment variable and name that variable in ssh.passphraseEnv"));
        return environment.variable(variable).filter(v -> !v.isEmpty()).orElseThrow(() -> new TransportException(
            host.name(), host.describe() + ": ssh.passphraseEnv names " + variable + ", which is not set")).toCharArray();
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }

  private static PasswordFinder fixed(String password) {
    return new PasswordFinder() {
      @Override
      public char[] reqPassword(Resource<?> resource) {
        return password.toCharArray();
      }

      @Override
      public boolean shouldRetry(Resource<?> resource) {
        return false;
      }
    };
  }
}
