package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How one host is reached, after a node's own {@code ssh:} keys are laid over the file's.
 *
 * @param identityFile the private key to offer; empty means the SSH agent if one runs, then
 *     {@code ~/.ssh/id_ed25519} and {@code ~/.ssh/id_rsa}
 * @param passphraseEnv the environment variable holding the identity file's passphrase
 * @param passwordEnv the environment variable holding a login password, tried after keys
 * @param knownHosts the file host keys are checked against; always checked
 */
public record SshSettings(
    String user,
    int port,
    Optional<Path> identityFile,
    Optional<String> passphraseEnv,
    Optional<String> passwordEnv,
    Path knownHosts,
    Become become,
    Duration connectTimeout) {

  /** How remote commands gain the rights they need. */
  public enum Become implements YamlWord {
    NONE,
    SUDO;
  }

  public SshSettings {
    requireNonNull(user, "user");
    requireNonNull(identityFile, "identityFile");
    requireNonNull(passphraseEnv, "passphraseEnv");
    requireNonNull(passwordEnv, "passwordEnv");
    requireNonNull(knownHosts, "knownHosts");
    requireNonNull(become, "become");
    requireNonNull(connectTimeout, "connectTimeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSH port " + port + " is outside 1-65535");
    }
  }
}
