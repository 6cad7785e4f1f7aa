package dev.orchestrate.sandbox.confluence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The database a JDBC URL names, as a directory under the sandbox's database root: its user and
 * password, the pages written through any node, and a heartbeat of every running instance. The
 * heartbeats are how simulated nodes notice what real ones notice through the database: another
 * instance that is not part of their cluster (a cluster panic), or another node of their cluster
 * starting at the same moment.
 */
public final class SimulatedDatabase {
  /** How recent a heartbeat must be for its instance to count as alive. */
  static final long ALIVE_MILLIS = 1500;

  private final Path dir;

  private SimulatedDatabase(Path dir) {
    this.dir = dir;
  }

  /** The database of {@code jdbcUrl} under {@code root}, which may not exist yet. */
  public static SimulatedDatabase of(Path root, String jdbcUrl) {
    return new SimulatedDatabase(root.resolve(jdbcUrl.replaceFirst("^jdbc:", "").replaceAll("[^A-Za-z0-9.-]+", "_")));
  }

  public Path dir() {
    return dir;
  }

  /** Creates the database with its one user, as a DBA would before Confluence is installed. */
  public void create(String username, String password) {
    Properties credentials = new Properties();
    credentials.setProperty("username", username);
    credentials.setProperty("password", password);
    try {
      Files.createDirectories(dir.resolve("pages"));
      Files.createDirectories(dir.resolve("instances"));
      try (OutputStream out = Files.newOutputStream(dir.resolve("credentials.properties"))) {
        credentials.store(out, "sandbox database user");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the database in " + dir, e);
    }
  }

  /** Whether a DBA created this database ({@link #create}); a JDBC URL may name one nobody did. */
  boolean exists() {
    return Files.isRegularFile(dir.resolve("credentials.properties"));
  }

  /** Why {@code username} cannot log in with {@code password}, as PostgreSQL would say it; empty when it can. */
  Optional<String> loginProblem(String username, String password) {
    Properties credentials = new Properties();
    try (InputStream in = Files.newInputStream(dir.resolve("credentials.properties"))) {
      credentials.load(in);
    } catch (IOException e) {
      return Optional.of("Connection to the database refused: database " + dir.getFileName() + " does not exist");
    }
    if (!username.equals(credentials.getProperty("username")) || !password.equals(credentials.getProperty("password"))) {
      return Optional.of("FATAL: password authentication failed for user \"" + username + "\"");
    }
    return Optional.empty();
  }

  /** One running instance, as its last heartbeat described it. */
  record Instance(String address, String cluster, boolean clustered, String state, long pid, long updated) {
    boolean alive(long now) {
      return now - updated < ALIVE_MILLIS;
    }

    /** Whether this instance and {@code other} may share the database: both nodes of one named cluster. */
    boolean sameClusterAs(Instance other) {
      return clustered && other.clustered && cluster.equals(other.cluster);
    }
  }

  void beat(Instance me) {
    Properties fields = new Properties();
    fields.setProperty("address", me.address());
    fields.setProperty("cluster", me.cluster());
    fields.setProperty("clustered", Boolean.toString(me.clustered()));
    fields.setProperty("state", me.state());
    fields.setProperty("pid", Long.toString(me.pid()));
    fields.setProperty("updated", Long.toString(me.updated()));
    Path file = dir.resolve("instances").resolve(me.address() + ".properties");
    Path temporary = dir.resolve("instances").resolve("." + me.address() + "." + me.pid());
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        fields.store(out, null);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to the database in " + dir, e);
    }
  }

  void forget(String address) {
    try {
      Files.deleteIfExists(dir.resolve("instances").resolve(address + ".properties"));
    } catch (IOException e) {
      // The next reader treats a stale heartbeat as gone anyway.
    }
  }

  /** The other instances whose heartbeat is fresh. */
  List<Instance> others(String address, long now) {
    List<Instance> alive = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("instances"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".properties")).toList()) {
        Properties fields = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
          fields.load(in);
        } catch (IOException e) {
          continue;
        }
        Instance instance = new Instance(fields.getProperty("address", ""), fields.getProperty("cluster", ""),
            Boolean.parseBoolean(fields.getProperty("clustered")), fields.getProperty("state", ""),
            Long.parseLong(fields.getProperty("pid", "0")), Long.parseLong(fields.getProperty("updated", "0")));
        if (!instance.address().equals(address) && instance.alive(now)) {
          alive.add(instance);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the database in " + dir, e);
    }
    return alive;
  }

  /** Stores a page and returns its id. */
  String createPage(String title, String body, String createdOn) {
    Properties page = new Properties();
    page.setProperty("title", title);
    page.setProperty("body", body);
    page.setProperty("createdOn", createdOn);
    for (int id = pageCount() + 1; ; id++) {
      Path file = dir.resolve("pages").resolve(id + ".properties");
      try (OutputStream out = Files.newOutputStream(Files.createFile(file))) {
        page.store(out, null);
        return Integer.toString(id);
      } catch (FileAlreadyExistsException taken) {
        // Another node took this id a moment ago; take the next.
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a page to the database in " + dir, e);
      }
    }
  }

  Optional<Map<String, String>> page(String id) {
    if (!id.matches("[0-9]+")) {
      return Optional.empty();
    }
    Path file = dir.resolve("pages").resolve(id + ".properties");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties page = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      page.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(Map.of("id", id, "title", page.getProperty("title", ""), "body", page.getProperty("body", ""),
        "createdOn", page.getProperty("createdOn", "")));
  }

  List<Map<String, String>> pagesTitled(String title) {
    List<Map<String, String>> found = new ArrayList<>();
    int count = pageCount();
    for (int id = 1; id <= count; id++) {
      page(Integer.toString(id)).filter(p -> p.get("title").equals(title)).ifPresent(found::add);
    }
    return found;
  }

  private int pageCount() {
    try (Stream<Path> files = Files.list(dir.resolve("pages"))) {
      return (int) files.count();
    } catch (IOException e) {
      return 0;
    }
  }
}
