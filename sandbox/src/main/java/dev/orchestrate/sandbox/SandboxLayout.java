package dev.orchestrate.sandbox;

import java.nio.file.Path;

/**
 * Where a sandbox keeps everything, under one directory. Each host K has a directory of its own
 * that stands for its disk ({@code hosts/nodeK}); the shared home sits outside every host, as an
 * NFS mount would, and so do the databases. Paths inside a host mirror a real machine's.
 */
public record SandboxLayout(Path dir) {
  public SandboxLayout {
    dir = dir.toAbsolutePath().normalize();
  }

  /** The file that marks a directory as a sandbox's, so that `up` may clear it and nothing else. */
  public Path marker() {
    return dir.resolve(".orchestrate-sandbox");
  }

  public Path state() {
    return dir.resolve("sandbox.properties");
  }

  public Path log() {
    return dir.resolve("sandbox.log");
  }

  public Path clusterYaml() {
    return dir.resolve("cluster.yaml");
  }

  public Path clientKey() {
    return dir.resolve("client_key");
  }

  public Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  public Path serverLicense() {
    return dir.resolve("licenses/server.txt");
  }

  public Path dataCenterLicense() {
    return dir.resolve("licenses/datacenter.txt");
  }

  public Path databasePassword() {
    return dir.resolve("secrets/db-password");
  }

  public Path databases() {
    return dir.resolve("databases");
  }

  /** The directory a cluster's shared home goes in; the shared home itself is created by the migration. */
  public Path sharedMount() {
    return dir.resolve("shared");
  }

  public Path sharedHome() {
    return sharedMount().resolve("confluence-shared-home");
  }

  public String nodeName(int k) {
    return "node" + k;
  }

  public Path hostRoot(int k) {
    return dir.resolve("hosts").resolve(nodeName(k));
  }

  public Path userHome(int k) {
    return hostRoot(k).resolve("home");
  }

  public Path installDir(int k) {
    return hostRoot(k).resolve("opt/atlassian/confluence");
  }

  public Path localHome(int k) {
    return hostRoot(k).resolve("var/atlassian/application-data/confluence");
  }

  public Path hostKey(int k) {
    return dir.resolve("host-keys").resolve(nodeName(k) + ".ser");
  }
}
