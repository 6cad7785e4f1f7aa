package dev.orchestrate.core.topology;

import java.util.Locale;

/**
 * An enum whose constants are written in cluster.yaml as their lower-case names: {@code TCP_IP}
 * is {@code tcp_ip}. Keeping the two spellings tied by rule means no constant can drift from its
 * word.
 */
public interface YamlWord {
  String name();

  /** The word cluster.yaml uses for this constant. */
  default String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
