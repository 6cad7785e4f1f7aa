package dev.orchestrate.core.facts;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What one node is, as read from it in one pass: its installation, its local home and
 * confluence.cfg.xml, what answers on its HTTP port, who owns what, and the disk around them. Every
 * file is optional on the host: a file that is not there leaves its fact empty or false. A node
 * whose facts could not be read at all is {@link #unreachable}, never a node with nothing on it.
 *
 * @param unreachableReason why the node could not be read, exactly when {@code reachable} is false
 * @param installed {@code <installDir>/bin/start-confluence.sh} exists
 * @param configuredHome {@code confluence.home} of {@code confluence-init.properties}
 * @param homeExists the node's local home, as the topology names it, is a directory
 * @param state what {@code /status} answers ({@code RUNNING}, {@code STARTING}, {@code ERROR},
 *     {@code FIRST_RUN}...), empty when nothing answers
 * @param pidAlive the process {@code <installDir>/work/catalina.pid} names is alive
 * @param sharedHome {@code confluence.cluster.home}
 * @param peers {@code confluence.cluster.peers}, split on commas
 * @param licenseEdition read from the license on the host; {@link LicenseEdition#UNKNOWN} for a
 *     real Atlassian key, which is signed and cannot be read here
 * @param licenseDigest SHA-256 (lower-case hex) of {@code atlassian.license.message} exactly as
 *     the file holds it, computed on the host so the license never leaves it
 * @param localSharedHome {@code <localHome>/shared-home} exists and holds something
 * @param localAttachments {@code <localHome>/attachments} exists and holds something
 * @param desiredSharedHomeExists the topology's shared home exists on this node
 * @param desiredSharedHomeHasConfig the topology's shared home has a {@code config} directory
 * @param synchronyUrlInSetenv {@code -Dsynchrony.service.url} in {@code bin/setenv.sh}
 * @param synchronyRunning {@code <synchrony home>/synchrony.pid} names a live process
 * @param freeBytes space left, keyed by {@link #INSTALL_DIR}, {@link #LOCAL_HOME} and {@link
 *     #SHARED_HOME}, on the file system of each path or of its nearest existing parent
 * @param attachmentsBytes the size of {@code <localHome>/attachments}, or of the shared home's
 *     attachments when the node is clustered
 * @param serviceUser the user Confluence runs as, empty when nothing on the node names one
 * @param owners owner, group and mode keyed by {@link #INSTALL_DIR}, {@link #LOCAL_HOME}, {@link
 *     #SHARED_HOME} (the topology's shared home, else the one confluence.cfg.xml names) and {@link
 *     #SHARED_HOME_PARENT} (the nearest existing directory above the shared home: where its mount
 *     point is, or where it would be created); a path that does not exist has no entry
 * @param lastError the last ERROR line of {@code <localHome>/logs/atlassian-confluence.log}, read
 *     only while {@code /status} says ERROR (what the plan shows as the reason a node is
 *     restarted); empty otherwise
 */
public record NodeFacts(
    String name,
    boolean reachable,
    Optional<String> unreachableReason,
    boolean installed,
    Optional<String> configuredHome,
    boolean homeExists,
    Optional<String> setupStep,
    Optional<String> setupType,
    Optional<String> buildNumber,
    Optional<String> state,
    boolean pidAlive,
    boolean clustered,
    Optional<String> clusterName,
    Optional<String> sharedHome,
    Optional<String> joinType,
    List<String> peers,
    Optional<String> clusterInterface,
    LicenseEdition licenseEdition,
    Optional<String> licenseDigest,
    boolean localSharedHome,
    boolean localAttachments,
    boolean desiredSharedHomeExists,
    boolean desiredSharedHomeHasConfig,
    Optional<String> synchronyUrlInSetenv,
    boolean synchronyRunning,
    Map<String, Long> freeBytes,
    OptionalLong installBytes,
    OptionalLong homeBytes,
    OptionalLong attachmentsBytes,
    Optional<ServiceUser> serviceUser,
    Map<String, PathOwner> owners,
    Optional<String> lastError) {

  /** The {@link #freeBytes} key of the installation directory. */
  public static final String INSTALL_DIR = "install_dir";
  /** The {@link #freeBytes} key of the local home. */
  public static final String LOCAL_HOME = "local_home";
  /** The {@link #freeBytes} key of the topology's shared home. */
  public static final String SHARED_HOME = "shared_home";
  /** The {@link #owners} key of the directory the shared home is (or would be) made in. */
  public static final String SHARED_HOME_PARENT = "shared_home_parent";

  private static final Set<String> OWNED = Set.of(INSTALL_DIR, LOCAL_HOME, SHARED_HOME, SHARED_HOME_PARENT);

  /** What {@link #licenseDigest} must be; {@link FactParser} drops a printed digest of any other form. */
  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public NodeFacts {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("node facts need the node's name");
    }
    requireNonNull(unreachableReason, "unreachableReason");
    if (reachable == unreachableReason.isPresent()) {
      throw new IllegalArgumentException("node " + name + ": a reason is given exactly when the node is unreachable");
    }
    for (Optional<String> text : List.of(configuredHome, setupStep, setupType, buildNumber, state, clusterName,
        sharedHome, joinType, clusterInterface, licenseDigest, synchronyUrlInSetenv)) {
      requireNonNull(text, "an optional fact of node " + name);
    }
    peers = List.copyOf(peers);
    if (peers.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("node " + name + ": a peer cannot be blank, got " + peers);
    }
    requireNonNull(licenseEdition, "licenseEdition");
    licenseDigest.ifPresent(digest -> {
      if (!SHA256.matcher(digest).matches()) {
        throw new IllegalArgumentException("node " + name + ": a license digest is 64 lower-case hex digits, got '"
            + digest + "'");
      }
    });
    freeBytes = Collections.unmodifiableMap(new TreeMap<>(freeBytes));
    freeBytes.forEach((path, bytes) -> requireNonNegative(name, "free bytes of " + path, bytes));
    for (OptionalLong size : List.of(installBytes, homeBytes, attachmentsBytes)) {
      size.ifPresent(bytes -> requireNonNegative(name, "a size", bytes));
    }
    requireNonNull(serviceUser, "serviceUser");
    requireNonNull(lastError, "lastError");
    owners = Collections.unmodifiableMap(new TreeMap<>(owners));
    if (!OWNED.containsAll(owners.keySet())) {
      throw new IllegalArgumentException("node " + name + ": owners are known of " + OWNED + ", got " + owners.keySet());
    }
  }

  /** Facts without a last error: every node not in ERROR, and facts saved before it was read. */
  public NodeFacts(String name, boolean reachable, Optional<String> unreachableReason, boolean installed,
      Optional<String> configuredHome, boolean homeExists, Optional<String> setupStep, Optional<String> setupType,
      Optional<String> buildNumber, Optional<String> state, boolean pidAlive, boolean clustered,
      Optional<String> clusterName, Optional<String> sharedHome, Optional<String> joinType, List<String> peers,
      Optional<String> clusterInterface, LicenseEdition licenseEdition, Optional<String> licenseDigest,
      boolean localSharedHome, boolean localAttachments, boolean desiredSharedHomeExists,
      boolean desiredSharedHomeHasConfig, Optional<String> synchronyUrlInSetenv, boolean synchronyRunning,
      Map<String, Long> freeBytes, OptionalLong installBytes, OptionalLong homeBytes, OptionalLong attachmentsBytes,
      Optional<ServiceUser> serviceUser, Map<String, PathOwner> owners) {
    this(name, reachable, unreachableReason, installed, configuredHome, homeExists, setupStep, setupType, buildNumber,
        state, pidAlive, clustered, clusterName, sharedHome, joinType, peers, clusterInterface, licenseEdition,
        licenseDigest, localSharedHome, localAttachments, desiredSharedHomeExists, desiredSharedHomeHasConfig,
        synchronyUrlInSetenv, synchronyRunning, freeBytes, installBytes, homeBytes, attachmentsBytes, serviceUser,
        owners, Optional.empty());
  }

  /**
   * Facts without who owns what: for facts built by hand, and those saved before the facts
   * script read ownership.
   */
  public NodeFacts(String name, boolean reachable, Optional<String> unreachableReason, boolean installed,
      Optional<String> configuredHome, boolean homeExists, Optional<String> setupStep, Optional<String> setupType,
      Optional<String> buildNumber, Optional<String> state, boolean pidAlive, boolean clustered,
      Optional<String> clusterName, Optional<String> sharedHome, Optional<String> joinType, List<String> peers,
      Optional<String> clusterInterface, LicenseEdition licenseEdition, Optional<String> licenseDigest,
      boolean localSharedHome, boolean localAttachments, boolean desiredSharedHomeExists,
      boolean desiredSharedHomeHasConfig, Optional<String> synchronyUrlInSetenv, boolean synchronyRunning,
      Map<String, Long> freeBytes, OptionalLong installBytes, OptionalLong homeBytes, OptionalLong attachmentsBytes) {
    this(name, reachable, unreachableReason, installed, configuredHome, homeExists, setupStep, setupType, buildNumber,
        state, pidAlive, clustered, clusterName, sharedHome, joinType, peers, clusterInterface, licenseEdition,
        licenseDigest, localSharedHome, localAttachments, desiredSharedHomeExists, desiredSharedHomeHasConfig,
        synchronyUrlInSetenv, synchronyRunning, freeBytes, installBytes, homeBytes, attachmentsBytes, Optional.empty(),
        Map.of());
  }

  /** A node that could not be read at all: every fact empty or false, its license unknown. */
  public static NodeFacts unreachable(String node, String reason) {
    return new NodeFacts(node, false, Optional.of(reason), false, Optional.empty(), false, Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), false, false, Optional.empty(), Optional.empty(),
        Optional.empty(), List.of(), Optional.empty(), LicenseEdition.UNKNOWN, Optional.empty(), false, false, false,
        false, Optional.empty(), false, Map.of(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty());
  }

  /** Whether root owns the directory the shared home is mounted (or made) in; empty when unknown. */
  public Optional<Boolean> sharedHomeParentRootOwned() {
    return Optional.ofNullable(owners.get(SHARED_HOME_PARENT)).map(PathOwner::rootOwned);
  }

  /**
   * Who Confluence runs as, in words, for a node with an installation: a plan says it, and says
   * so when nothing on the node tells, since whatever a procedure creates must go to that user.
   */
  public Optional<String> runsAs() {
    if (!installed) {
      return Optional.empty();
    }
    return Optional.of(serviceUser.map(ServiceUser::describe).orElse("the user Confluence runs as is unknown: "
        + "bin/user.sh names none (CONF_USER=\"name\"), and there is neither a local home nor a running process to "
        + "learn it from; set CONF_USER in bin/user.sh"));
  }

  private static void requireNonNegative(String node, String what, Long bytes) {
    if (bytes == null || bytes < 0) {
      throw new IllegalArgumentException("node " + node + ": " + what + " must be 0 or more, got " + bytes);
    }
  }
}
