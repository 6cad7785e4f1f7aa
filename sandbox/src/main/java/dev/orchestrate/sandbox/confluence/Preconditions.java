package dev.orchestrate.sandbox.confluence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What must hold before a simulated node may serve, checked in the order Confluence meets them
 * at start. Each failure is the line the node logs before it goes to ERROR.
 */
final class Preconditions {
  private static final String USER = System.getProperty("user.name");

  private final NodeSettings settings;

  Preconditions(NodeSettings settings) {
    this.settings = settings;
  }

  Optional<String> firstProblem() {
    return settings.problemReading()
        .or(this::home)
        .or(this::startFault)
        .or(this::homeWritable)
        .or(this::setup)
        .or(this::license)
        .or(this::database)
        .or(() -> settings.clustered() ? cluster() : Optional.empty());
  }

  /**
   * The home must exist on this machine. Sandbox hosts share one filesystem, so a home outside the
   * host's own root (SANDBOX_HOST_ROOT) counts as missing, as it would be on a separate machine:
   * a copied node whose confluence-init.properties still names the first node's home fails here.
   */
  private Optional<String> home() {
    Path home = settings.home().orElseThrow();
    boolean elsewhere = settings.hostRoot().filter(root -> !home.toAbsolutePath().normalize().startsWith(root))
        .isPresent();
    if (elsewhere || !Files.isDirectory(home)) {
      return Optional.of("Confluence home directory " + home + " does not exist on this machine"
          + " (confluence.home in " + settings.install().resolve(NodeSettings.INIT_PROPERTIES) + ")");
    }
    return Optional.empty();
  }

  /**
   * A cause outside Confluence's own files that keeps it from starting until an admin removes it,
   * as a port taken, a mount missing or a limit too low would: while the start fault file exists,
   * each start fails with the file's first line as the reason. Read at start only, so a node
   * already RUNNING is not affected.
   */
  private Optional<String> startFault() {
    Path file = settings.startFault().orElseThrow();
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String reason = "";
    try (Stream<String> lines = Files.lines(file)) {
      reason = lines.findFirst().orElse("").strip();
    } catch (IOException | UncheckedIOException e) {
      // Unreadable is still there: the default reason says so.
    }
    return Optional.of((reason.isEmpty() ? "Confluence cannot start on this machine" : reason)
        + " (sandbox start fault " + file + "; remove it, then start the node again)");
  }

  /**
   * Confluence writes its home (and, as a Server, its attachments and shared-home there) from the
   * first moment, as the user it runs as: the installer's service user, not whoever unpacked or
   * copied the files.
   */
  private Optional<String> homeWritable() {
    Path home = settings.home().orElseThrow();
    List<String> written = settings.clustered() ? List.of("", "logs", "index", "temp")
        : List.of("", "logs", "index", "temp", "attachments", "shared-home");
    return unwritable(home, written).map(dir -> "Confluence home directory " + home + " is not writable by the user"
        + " Confluence runs as (" + USER + "): cannot create a file in " + dir);
  }

  private Optional<String> setup() {
    if (settings.setupStep().isEmpty()) {
      return Optional.of("Confluence setup is not complete: " + settings.home().orElseThrow().resolve("confluence.cfg.xml")
          + " does not exist, so the setup wizard would run");
    }
    if (!settings.setupStep().get().equals("complete")) {
      return Optional.of("Confluence setup is not complete: setupStep is '" + settings.setupStep().get() + "'");
    }
    return Optional.empty();
  }

  private Optional<String> license() {
    Optional<String> key = settings.property("atlassian.license.message");
    if (key.isEmpty()) {
      return Optional.of("No license is installed: atlassian.license.message is missing from confluence.cfg.xml");
    }
    if (SimulatedLicense.edition(key.get()).isEmpty()) {
      return Optional.of("The license in confluence.cfg.xml is not a valid license key");
    }
    return Optional.empty();
  }

  private Optional<String> database() {
    Optional<String> url = settings.property("hibernate.connection.url");
    if (url.isEmpty()) {
      return Optional.of("hibernate.connection.url is not set in confluence.cfg.xml: no database to connect to");
    }
    if (settings.databases().isEmpty()) {
      return Optional.of("Cannot connect to the database at " + url.get() + ": connection refused");
    }
    return SimulatedDatabase.of(settings.databases().get(), url.get()).loginProblem(
        settings.property("hibernate.connection.username").orElse(""),
        settings.property("hibernate.connection.password").orElse(""))
        .map(problem -> "Cannot connect to the database at " + url.get() + ": " + problem);
  }

  private Optional<String> cluster() {
    if (SimulatedLicense.edition(settings.property("atlassian.license.message").orElseThrow()).orElseThrow()
        != SimulatedLicense.Edition.DATACENTER) {
      return Optional.of("Clustering is configured (confluence.cluster=true), but the installed license is a Server"
          + " license: a cluster needs a Data Center license");
    }
    if (settings.property("confluence.cluster.name").isEmpty()) {
      return Optional.of("confluence.cluster.name is not set: a clustered node needs the name of its cluster");
    }
    return sharedHome().or(this::leftovers).or(this::peers);
  }

  private Optional<String> sharedHome() {
    Optional<String> written = settings.property("confluence.cluster.home");
    if (written.isEmpty()) {
      return Optional.of("The cluster's shared home (confluence.cluster.home) is not set");
    }
    Path shared = Path.of(written.get());
    if (!shared.isAbsolute()) {
      return Optional.of("The cluster's shared home '" + written.get() + "' is not an absolute path");
    }
    Path local = settings.home().orElseThrow().toAbsolutePath().normalize();
    Path normalized = shared.normalize();
    if (normalized.equals(local) || normalized.startsWith(local) || local.startsWith(normalized)) {
      return Optional.of("Shared home directory cannot be in the same location as home directory. (shared home "
          + shared + ", home " + local + ")");
    }
    if (!Files.isDirectory(shared)) {
      return Optional.of("The cluster's shared home " + shared + " does not exist or is not a directory");
    }
    return unwritable(shared, List.of("", "attachments", "config")).map(dir -> "The cluster's shared home " + shared
        + " is not writable by the user Confluence runs as (" + USER + "): cannot create a file in " + dir);
  }

  /**
   * The first of {@code dirs} under {@code root} (those that exist) in which this process cannot
   * create and delete a file. Tried, not read from the mode bits: ACLs, read-only mounts and NFS's
   * root_squash decide too, and only an attempt sees them all.
   */
  private static Optional<Path> unwritable(Path root, List<String> dirs) {
    for (String name : dirs) {
      Path dir = root.resolve(name);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try {
        Files.delete(Files.createTempFile(dir, ".confluence-write-check", ".tmp"));
      } catch (IOException e) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** Content a Server keeps in the local home must have moved to the cluster's shared home. */
  private Optional<String> leftovers() {
    Path home = settings.home().orElseThrow();
    for (String name : new String[] {"shared-home", "attachments"}) {
      Path left = home.resolve(name);
      if (!isEmpty(left)) {
        return Optional.of("Found content in " + left + " beside the cluster's shared home "
            + settings.property("confluence.cluster.home").orElseThrow() + ": a clustered node does not read it."
            + " Move it into the shared home before starting clustered");
      }
    }
    return Optional.empty();
  }

  private Optional<String> peers() {
    String join = settings.property("confluence.cluster.join.type").orElse("multicast");
    if (!join.equals("tcp_ip")) {
      return Optional.empty();
    }
    String peers = settings.property("confluence.cluster.peers").orElse("");
    boolean listed = Arrays.stream(peers.split(",")).map(String::strip).anyMatch(settings.address()::equals);
    if (!listed) {
      return Optional.of("confluence.cluster.peers (" + peers + ") does not list this node's address "
          + settings.address() + ": with tcp_ip discovery every node must list every node");
    }
    return Optional.empty();
  }

  private static boolean isEmpty(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
