package dev.orchestrate.core.topology;

/** Which Confluence the hosts should run: a Data Center cluster, or one Server installation. */
public enum Edition {
  DATACENTER("datacenter"),
  SERVER("server");

  private final String yamlName;

  Edition(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The word cluster.yaml uses for it. */
  public String yamlName() {
    return yamlName;
  }

  static Edition fromYaml(String word) {
    return YamlWords.find(values(), Edition::yamlName, word);
  }
}
