package dev.orchestrate.core.module.confluence;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:orchestrate-test:DATABASE} URLs that knows one database, {@code
 * confluence}, and one login, {@code confluence} / {@link #PASSWORD}; it answers as PostgreSQL
 * would. {@link DatabaseLoginTest} packs it into a jar in a test installation's WEB-INF/lib, where
 * the probe finds it as it finds Confluence's own driver.
 */
public final class TestJdbcDriver implements Driver {
  static final String PASSWORD = "right-Pa$$word 'quoted'";
  private static final String PREFIX = "jdbc:orchestrate-test:";

  static {
    try {
      DriverManager.registerDriver(new TestJdbcDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String database = url.substring(PREFIX.length());
    if (!database.equals("confluence")) {
      throw new SQLException("FATAL: database \"" + database + "\" does not exist", "3D000");
    }
    String user = info.getProperty("user", "");
    if (!user.equals("confluence") || !PASSWORD.equals(info.getProperty("password"))) {
      throw new SQLException("FATAL: password authentication failed for user \"" + user + "\"", "28P01");
    }
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, arguments) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          throw new SQLFeatureNotSupportedException(method.getName());
        });
  }

  @Override
  public boolean acceptsURL(String url) {
    return url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
