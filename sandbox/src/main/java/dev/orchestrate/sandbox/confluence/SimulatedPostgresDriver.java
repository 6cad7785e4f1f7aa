package dev.orchestrate.sandbox.confluence;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The sandbox's PostgreSQL JDBC driver, in {@code WEB-INF/lib/postgresql-42.7.4.jar} of every
 * simulated installation where a real one ships pgjdbc. It takes {@code jdbc:postgresql:} URLs and
 * logs in to the {@link SimulatedDatabase} the URL names, the one the simulated node checks at
 * start, so orchestrate's login check meets in the sandbox what it meets on a real node. It is at
 * least as strict as PostgreSQL, with its SQLStates: nothing listening at the URL's host and port
 * is {@code 08001}, a database nobody created {@code 3D000}, a wrong user or password {@code 28P01},
 * no password at all {@code 08004}. A connection it opens can only be closed.
 */
public final class SimulatedPostgresDriver implements Driver {
  private static final String PREFIX = "jdbc:postgresql:";
  private static final int DEFAULT_PORT = 5432;
  private static final int CONNECT_SECONDS = 10;

  static {
    try {
      DriverManager.registerDriver(new SimulatedPostgresDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String user = info.getProperty("user", "");
    Target target = Target.of(url.substring(PREFIX.length()), user);
    String databases = System.getenv("SANDBOX_DATABASES");
    if (databases == null || !target.listening()) {
      throw new SQLException("Connection to " + target.host + ":" + target.port + " refused. Check that the hostname"
          + " and port are correct and that the postmaster is accepting TCP/IP connections.", "08001");
    }
    String password = info.getProperty("password");
    if (password == null) {
      throw new SQLException("The server requested SCRAM-based authentication, but no password was provided.",
          "08004");
    }
    SimulatedDatabase database = SimulatedDatabase.of(Path.of(databases), url);
    if (!database.exists()) {
      throw new SQLException("FATAL: database \"" + target.database + "\" does not exist", "3D000");
    }
    Optional<String> problem = database.loginProblem(user, password);
    if (problem.isPresent()) {
      throw new SQLException(problem.get(), "28P01");
    }
    return openConnection();
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 42;
  }

  @Override
  public int getMinorVersion() {
    return 7;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("the sandbox's driver does not log");
  }

  private static Connection openConnection() {
    AtomicBoolean closed = new AtomicBoolean();
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, arguments) -> switch (method.getName()) {
          case "close" -> {
            closed.set(true);
            yield null;
          }
          case "isClosed" -> closed.get();
          case "isValid" -> !closed.get();
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == arguments[0];
          case "toString" -> "sandbox database connection";
          default -> throw new SQLFeatureNotSupportedException("the sandbox's database only logs in, it cannot "
              + method.getName());
        });
  }

  /**
   * Where a URL points, read as pgjdbc reads it: {@code //host[:port][,more hosts]/database[?options]}
   * or just {@code database}; the first host counts, the database defaults to the user's name.
   */
  private record Target(String host, int port, String database) {
    static Target of(String rest, String user) {
      String withoutOptions = rest.split("\\?", 2)[0];
      if (!withoutOptions.startsWith("//")) {
        return new Target("localhost", DEFAULT_PORT, withoutOptions.isEmpty() ? user : withoutOptions);
      }
      String[] hostsAndDatabase = withoutOptions.substring(2).split("/", 2);
      String database = hostsAndDatabase.length > 1 && !hostsAndDatabase[1].isEmpty() ? hostsAndDatabase[1] : user;
      String first = hostsAndDatabase[0].split(",", 2)[0];
      int colon = first.lastIndexOf(':');
      if (colon > first.lastIndexOf(']') && first.substring(colon + 1).matches("\\d+")) {
        return new Target(host(first.substring(0, colon)), Integer.parseInt(first.substring(colon + 1)), database);
      }
      return new Target(host(first), DEFAULT_PORT, database);
    }

    private static String host(String written) {
      String host = written.replaceAll("^\\[|]$", "");
      return host.isEmpty() ? "localhost" : host;
    }

    boolean listening() {
      int seconds = DriverManager.getLoginTimeout() > 0 ? DriverManager.getLoginTimeout() : CONNECT_SECONDS;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), seconds * 1000);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
