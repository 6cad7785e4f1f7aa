package dev.orchestrate.sandbox;

import dev.orchestrate.sandbox.confluence.ConfluenceNode;
import dev.orchestrate.sandbox.confluence.SimulatedPostgresDriver;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a Confluence Server installation and its local home as the real installer leaves them:
 * start, stop and setenv scripts, server.xml, confluence-init.properties naming the home, Synchrony's
 * jar and a JDBC driver in WEB-INF; and a home with a completed setup, its license and database in
 * confluence.cfg.xml, a {@code shared-home} with its config, attachments, an index and logs. The
 * scripts start the {@link ConfluenceNode} simulator instead of Tomcat.
 */
public final class ServerInstallation {
  public static final int BUILD_NUMBER = 9012;

  /**
   * What goes into the installation.
   *
   * @param serviceUser the user Confluence runs as, named in bin/user.sh; the start script switches
   *     to it when root runs it. The default is the user writing the installation, which needs no root.
   */
  public record Settings(
      String license, String databaseUrl, String databaseUser, String databasePassword, String jwtPrivateKey,
      String jwtPublicKey, int httpPort, long startDelayMillis, long attachmentBytes, long seed, String serviceUser) {
    public Settings {
      // It is written into a shell script, between double quotes.
      if (!serviceUser.matches("[A-Za-z0-9_][A-Za-z0-9._-]*[$]?")) {
        throw new IllegalArgumentException("'" + serviceUser + "' cannot be written in bin/user.sh: a user name has"
            + " letters, digits, '.', '_' and '-'");
      }
    }

    /** Settings for an installation that runs as the user writing it. */
    public Settings(String license, String databaseUrl, String databaseUser, String databasePassword,
        String jwtPrivateKey, String jwtPublicKey, int httpPort, long startDelayMillis, long attachmentBytes, long seed) {
      this(license, databaseUrl, databaseUser, databasePassword, jwtPrivateKey, jwtPublicKey, httpPort,
          startDelayMillis, attachmentBytes, seed, System.getProperty("user.name"));
    }
  }

  /**
   * The lines with which Atlassian's start and stop scripts run as the service user of bin/user.sh:
   * root switches to it (runs the script again as that user, so the PID file, catalina.out and
   * everything Confluence writes are the user's), anyone else is refused. {@code %s}: the refusal's advice.
   */
  private static final String AS_SERVICE_USER = """
      . "$CATALINA_HOME/bin/user.sh"
      if [ -n "$CONF_USER" ] && [ "$(id -un)" != "$CONF_USER" ]; then
        if [ "$(id -u)" -ne 0 ]; then
          echo "Confluence has been installed to run as $CONF_USER%s"
          exit 1
        fi
        echo "executing using dedicated user: $CONF_USER"
        exec /sbin/runuser -u "$CONF_USER" -- /bin/sh "$CATALINA_HOME/bin/${0##*/}" "$@"
      fi""";

  private ServerInstallation() {}

  public static void write(Path install, Path home, Settings settings) {
    try {
      writeInstall(install, home, settings);
      writeHome(home, settings);
      if (!settings.serviceUser().equals(System.getProperty("user.name"))) {
        giveToServiceUser(install, home, settings.serviceUser());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Confluence installation in " + install, e);
    }
  }

  private static void writeInstall(Path install, Path home, Settings settings) throws IOException {
    for (String dir : new String[] {"bin", "conf", "logs", "work", "temp", "lib", "confluence/WEB-INF/classes",
        "confluence/WEB-INF/lib", "confluence/WEB-INF/packages"}) {
      Files.createDirectories(install.resolve(dir));
    }
    script(install.resolve("bin/setenv.sh"), """
        # Confluence's environment, read by start-confluence.sh (system properties go in CATALINA_OPTS).
        CATALINA_PID="$CATALINA_BASE/work/catalina.pid"
        export CATALINA_PID

        CATALINA_OPTS="-Xms32m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${CATALINA_OPTS}"
        CATALINA_OPTS="-Dsandbox.startDelayMillis=%d ${CATALINA_OPTS}"
        export CATALINA_OPTS
        """.formatted(settings.startDelayMillis()));
    script(install.resolve("bin/user.sh"), """
        # START INSTALLER MAGIC ! DO NOT EDIT !
        CONF_USER="%s" # user created by installer
        # END INSTALLER MAGIC ! DO NOT EDIT !

        export CONF_USER
        """.formatted(settings.serviceUser()));
    script(install.resolve("bin/start-confluence.sh"), """
        #!/bin/sh
        # Starts Confluence (here: the orchestrate sandbox's simulator) and returns once it is launched.
        # With -fg or run it stays in the foreground.
        CATALINA_HOME=$(cd "$(dirname "$0")/.." && pwd)
        %s
        CATALINA_BASE=$CATALINA_HOME
        export CATALINA_HOME CATALINA_BASE
        . "$CATALINA_HOME/bin/setenv.sh"
        JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
        mode=$1
        set -- $JAVA $CATALINA_OPTS -Dcatalina.home="$CATALINA_HOME" \\
          -cp "$CATALINA_HOME/lib/confluence-simulator.jar" %s
        if [ "$mode" = "-fg" ] || [ "$mode" = "run" ]; then exec "$@"; fi
        if [ -f "$CATALINA_PID" ] && kill -0 "$(cat "$CATALINA_PID")" 2>/dev/null; then
          echo "Existing PID file found during start. Tomcat appears to still be running with PID $(cat "$CATALINA_PID"). Start aborted."
          exit 1
        fi
        mkdir -p "$CATALINA_HOME/logs" "$(dirname "$CATALINA_PID")"
        nohup "$@" >> "$CATALINA_HOME/logs/catalina.out" 2>&1 < /dev/null &
        echo $! > "$CATALINA_PID"
        echo "Tomcat started."
        """.formatted(AS_SERVICE_USER.formatted(" so please sudo run this to enable switching to that user"),
        ConfluenceNode.class.getName()));
    script(install.resolve("bin/stop-confluence.sh"), """
        #!/bin/sh
        # Stops Confluence as shutdown.sh 20 -force does: asks it to stop, waits 20 seconds, then kills it.
        CATALINA_HOME=$(cd "$(dirname "$0")/.." && pwd)
        %s
        CATALINA_BASE=$CATALINA_HOME
        . "$CATALINA_HOME/bin/setenv.sh"
        if [ ! -f "$CATALINA_PID" ]; then echo "PID file $CATALINA_PID not found: is Confluence running?"; exit 1; fi
        pid=$(cat "$CATALINA_PID")
        if ! kill -0 "$pid" 2>/dev/null; then echo "No Confluence runs as $pid; removing the stale PID file."; rm -f "$CATALINA_PID"; exit 0; fi
        kill -TERM "$pid"
        i=0
        while [ $i -lt 20 ] && kill -0 "$pid" 2>/dev/null; do sleep 1; i=$((i+1)); done
        if kill -0 "$pid" 2>/dev/null; then echo "Killing Confluence with the PID: $pid"; kill -KILL "$pid"; fi
        rm -f "$CATALINA_PID"
        echo "Tomcat stopped."
        """.formatted(AS_SERVICE_USER.formatted(". Use \\\"sudo -u $CONF_USER $0\\\" to enable switching to that user.")));
    Files.writeString(install.resolve("conf/server.xml"), """
        <?xml version="1.0" encoding="utf-8"?>
        <Server port="8000" shutdown="SHUTDOWN">
          <Service name="Tomcat-Standalone">
            <Connector port="%d" connectionTimeout="20000" redirectPort="8443" maxThreads="48" minSpareThreads="10"
                       enableLookups="false" acceptCount="10" URIEncoding="UTF-8" protocol="org.apache.coyote.http11.Http11NioProtocol"/>
            <Engine name="Standalone" defaultHost="localhost">
              <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false" startStopThreads="4">
                <Context path="" docBase="../confluence" debug="0" reloadable="false" useHttpOnly="true"/>
              </Host>
            </Engine>
          </Service>
        </Server>
        """.formatted(settings.httpPort()), StandardCharsets.UTF_8);
    Files.writeString(install.resolve(ConfluenceInit.PATH), ConfluenceInit.content(home), StandardCharsets.UTF_8);
    // The simulator runs managed Synchrony with the standalone jar's own classes, as Confluence does.
    Jars.fromClasses(install.resolve("lib/confluence-simulator.jar"), ConfluenceNode.class,
        List.of(ConfluenceNode.class.getPackageName().replace('.', '/') + "/", "synchrony/"), Map.of());
    Jars.fromClasses(install.resolve("confluence/WEB-INF/packages/synchrony-standalone.jar"), synchrony.core.class,
        "synchrony/");
    Jars.fromClasses(install.resolve("confluence/WEB-INF/lib/postgresql-42.7.4.jar"), SimulatedPostgresDriver.class,
        List.of(SimulatedPostgresDriver.class.getPackageName().replace('.', '/') + "/"),
        Map.of("META-INF/services/java.sql.Driver", SimulatedPostgresDriver.class.getName() + "\n"));
  }

  private static void writeHome(Path home, Settings settings) throws IOException {
    for (String dir : new String[] {"logs", "temp", "index/plugin", "shared-home/config"}) {
      Files.createDirectories(home.resolve(dir));
    }
    Files.writeString(home.resolve("confluence.cfg.xml"), """
        <?xml version="1.0" encoding="UTF-8"?>

        <confluence-configuration>
          <setupStep>complete</setupStep>
          <setupType>custom</setupType>
          <buildNumber>%d</buildNumber>
          <properties>
            <property name="atlassian.license.message">%s</property>
            <property name="confluence.setup.server.id">BSND-0RCH-ESTR-ATE1</property>
            <property name="confluence.webapp.context.path"></property>
            <property name="hibernate.c3p0.max_size">60</property>
            <property name="hibernate.connection.driver_class">org.postgresql.Driver</property>
            <property name="hibernate.connection.password">%s</property>
            <property name="hibernate.connection.url">%s</property>
            <property name="hibernate.connection.username">%s</property>
            <property name="hibernate.dialect">com.atlassian.confluence.impl.hibernate.dialect.PostgreSQLDialect</property>
            <property name="jwt.private.key">%s</property>
            <property name="jwt.public.key">%s</property>
            <property name="lucene.index.dir">${localHome}/index</property>
            <property name="synchrony.encryption.disabled">true</property>
            <property name="webwork.multipart.saveDir">${localHome}/temp</property>
          </properties>
        </confluence-configuration>
        """.formatted(BUILD_NUMBER, xml(settings.license().strip()), xml(settings.databasePassword()),
        xml(settings.databaseUrl()), xml(settings.databaseUser()), settings.jwtPrivateKey(), settings.jwtPublicKey()),
        StandardCharsets.UTF_8);
    Files.writeString(home.resolve("shared-home/config/cache-settings-overrides.properties"),
        "# Cache size overrides, kept across upgrades.\n", StandardCharsets.UTF_8);
    Files.writeString(home.resolve("shared-home/confluence-healthcheck-eol.json"),
        "{\"eolDate\":\"2028-01-01\"}\n", StandardCharsets.UTF_8);
    Files.writeString(home.resolve("index/segments_1"), "sandbox index\n", StandardCharsets.UTF_8);
    attachments(home.resolve("attachments"), settings.attachmentBytes(), settings.seed());
  }

  /** Files laid out as Confluence stores attachments (ver003/NN/NN/page/attachment/version), random content. */
  private static void attachments(Path root, long total, long seed) throws IOException {
    Files.createDirectories(root);
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[64 * 1024];
    long written = 0;
    for (int id = 1; written < total; id++) {
      long size = Math.min(total - written, 10_000 + random.nextLong(500_000));
      Path file = root.resolve("ver003/" + (id % 250) + "/" + (id % 7) + "/" + (98300 + id) + "/" + (131072 + id) + "/1");
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long left = size; left > 0; left -= buffer.length) {
          for (int i = 0; i < buffer.length; i += 8) {
            long bits = random.nextLong();
            for (int b = 0; b < 8; b++) {
              buffer[i + b] = (byte) (bits >>> (b * 8));
            }
          }
          out.write(buffer, 0, (int) Math.min(left, buffer.length));
        }
      }
      written += size;
    }
  }

  /**
   * Gives an installation and its home to the service user as Atlassian's installer does when root
   * installs: root keeps the installation, the service user gets the directories Tomcat writes
   * (logs/, temp/, work/) and the whole local home, which is closed to others (750). Needs root.
   */
  public static void giveToServiceUser(Path install, Path home, String user) throws IOException {
    chown(user, install.resolve("logs"), install.resolve("temp"), install.resolve("work"), home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));
  }

  /** chown -R to {@code user} and its login group; the JDK cannot name a user's login group. */
  private static void chown(String user, Path... paths) throws IOException {
    List<String> command = new ArrayList<>(List.of("chown", "-R", "--", user + ":"));
    Stream.of(paths).map(Path::toString).forEach(command::add);
    Process chown = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(chown.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    try {
      if (chown.waitFor() != 0) {
        throw new IOException("cannot give the installation to its service user " + user + " (only root can): "
            + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while giving the installation to " + user, e);
    }
  }

  /** Readable and runnable by all, as Tomcat's scripts are: the service user runs them again after root. */
  private static void script(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
