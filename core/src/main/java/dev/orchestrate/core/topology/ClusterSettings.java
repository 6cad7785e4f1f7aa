package dev.orchestrate.core.topology;

import static java.util.Objects.requireNonNull;

/** The {@code cluster:} section: its name (confluence.cluster.name) and the edition wanted. */
public record ClusterSettings(String name, Edition edition) {
  public ClusterSettings {
    requireNonNull(name, "name");
    requireNonNull(edition, "edition");
  }
}
