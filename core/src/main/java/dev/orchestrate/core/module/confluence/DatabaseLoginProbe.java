package dev.orchestrate.core.module.confluence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Logs in to the database from a node, with that node's Java and the JDBC drivers Confluence ships
 * there, and prints one line: {@code OK}, {@code NODRIVER} when no driver on the class path takes
 * the URL, or {@code FAILED <SQLState> <message>}. {@code preflight}'s {@code database_login} check
 * sends this class's bytes to the node and runs
 * {@code java -cp DIR:INSTALL/confluence/WEB-INF/lib/* dev.orchestrate.core.module.confluence.DatabaseLoginProbe URL USER}.
 *
 * <p>The password comes from the environment variable {@value #PASSWORD_VARIABLE}, never from the
 * arguments, which {@code ps} shows to every user of the node.
 *
 * <p>It must load on the oldest Java a Confluence node may carry (Confluence 7.x bundles Java 11),
 * so core's pom compiles this one file with {@code --release 11}, and it depends on nothing but
 * {@code java.base} and {@code java.sql}, which every JRE has. Nothing refers to it by class:
 * {@link PreflightModule} reads it as a resource, so the main compilation never makes a Java 17
 * copy of it.
 */
public final class DatabaseLoginProbe {
  static final String PASSWORD_VARIABLE = "ORCHESTRATE_DATABASE_PASSWORD";
  private static final int LOGIN_TIMEOUT_SECONDS = 10;

  private DatabaseLoginProbe() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.out.println("FAILED - usage: DatabaseLoginProbe URL USER, the password in " + PASSWORD_VARIABLE);
      System.exit(2);
    }
    System.out.println(login(args[0], args[1], System.getenv(PASSWORD_VARIABLE)));
  }

  static String login(String url, String user, String password) {
    try {
      DriverManager.getDriver(url);
    } catch (SQLException e) {
      return "NODRIVER";
    }
    // Without a limit a firewall that drops packets would hold the preflight for minutes.
    DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
    try {
      Connection connection = DriverManager.getConnection(url, user, password == null ? "" : password);
      connection.close();
      return "OK";
    } catch (SQLException e) {
      String state = e.getSQLState() == null || e.getSQLState().isEmpty() ? "-" : e.getSQLState();
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      return "FAILED " + state + " " + message.replaceAll("\\s+", " ").trim();
    }
  }
}
