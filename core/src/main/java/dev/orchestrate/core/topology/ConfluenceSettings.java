package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code confluence:} section as written; per-node paths, after overrides, are on {@link Node}.
 *
 * @param sharedHome the cluster's shared home, the same path on every node; may be set for a
 *     Server edition too, naming where a cluster's shared home is to be moved back from
 */
public record ConfluenceSettings(
    RemotePath installDir,
    RemotePath localHome,
    Optional<RemotePath> sharedHome,
    int httpPort,
    Control control,
    String systemdUnit,
    SecretSource license,
    Discovery discovery,
    Duration startTimeout,
    Duration stopTimeout) {

  /** How Confluence is started and stopped on a node. */
  public enum Control implements YamlWord {
    /** bin/start-confluence.sh and bin/stop-confluence.sh of the installation directory. */
    SCRIPTS,
    /** {@code systemctl start|stop} of {@link ConfluenceSettings#systemdUnit()}. */
    SYSTEMD;
  }

  public ConfluenceSettings {
    requireNonNull(installDir, "installDir");
    requireNonNull(localHome, "localHome");
    requireNonNull(sharedHome, "sharedHome");
    requireNonNull(control, "control");
    requireNonNull(systemdUnit, "systemdUnit");
    requireNonNull(license, "license");
    requireNonNull(discovery, "discovery");
    requireNonNull(startTimeout, "startTimeout");
    requireNonNull(stopTimeout, "stopTimeout");
  }
}
