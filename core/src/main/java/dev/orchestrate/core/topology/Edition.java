package dev.orchestrate.core.topology;

/** Which Confluence the hosts should run: a Data Center cluster, or one Server installation. */
public enum Edition implements YamlWord {
  DATACENTER,
  SERVER;

  static Edition fromYaml(String word) {
    return YamlWords.find(values(), word);
  }
}
