package dev.orchestrate.core.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.orchestrate.core.topology.Topology;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The facts script itself, run by this machine's {@code /bin/sh} (dash on Debian, as on the
 * hosts) against a directory laid out as a node: Confluence's files where a real installation
 * keeps them, under a path with a space and a quote in it.
 */
class FactScriptTest {
  private static final String DATABASE_PASSWORD = "db-secret-4711";
  private static final String JWT_PRIVATE_KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
  private static final String ME = System.getProperty("user.name");

  @TempDir
  Path dir;
  private Path root;
  private Path install;
  private Path home;
  private Path shared;
  private HttpServer server;
  private int port;
  private volatile String status = "{\"state\":\"RUNNING\"}";

  @BeforeEach
  void layOutTheHost() throws IOException {
    root = Files.createDirectories(dir.resolve("host 'one'"));
    install = root.resolve("install");
    home = root.resolve("home");
    shared = root.resolve("shared");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/status", exchange -> {
      byte[] body = status.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stopTheStatusPage() {
    server.stop(0);
  }

  @Test
  void dashReadsTheScript() throws Exception {
    String shell = Files.isExecutable(Path.of("/bin/dash")) ? "/bin/dash" : "/bin/sh";
    Process check = new ProcessBuilder(shell, "-n", "-c", script()).redirectErrorStream(true).start();

    assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
  }

  @Test
  void readsARunningServerNode() throws Exception {
    String license = license("server") + "\n";
    serverInstallation(license, ProcessHandle.current().pid());

    NodeFacts facts = FactParser.parse("node1", run());

    assertThat(facts.installed()).isTrue();
    assertThat(facts.configuredHome()).contains(home.toString());
    assertThat(facts.homeExists()).isTrue();
    assertThat(facts.setupStep()).contains("complete");
    assertThat(facts.setupType()).contains("custom");
    assertThat(facts.buildNumber()).contains("9012");
    assertThat(facts.state()).contains("RUNNING");
    assertThat(facts.pidAlive()).isTrue();
    assertThat(facts.clustered()).isFalse();
    assertThat(facts.licenseEdition()).isEqualTo(LicenseEdition.SERVER);
    assertThat(facts.licenseDigest()).contains(sha256(license));
    assertThat(facts.localSharedHome()).isTrue();
    assertThat(facts.localAttachments()).isTrue();
    assertThat(facts.desiredSharedHomeExists()).isFalse();
    assertThat(facts.synchronyUrlInSetenv()).contains("https://wiki.example.com/synchrony/v1");
    assertThat(facts.synchronyRunning()).isFalse();
    assertThat(facts.attachmentsBytes().orElseThrow()).isGreaterThanOrEqualTo(300_000);
    assertThat(facts.homeBytes().orElseThrow()).isGreaterThanOrEqualTo(facts.attachmentsBytes().orElseThrow());
    assertThat(facts.installBytes()).isPresent();
    assertThat(facts.freeBytes()).containsOnlyKeys(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME, NodeFacts.SHARED_HOME)
        .allSatisfy((path, bytes) -> assertThat(bytes).isPositive());
    assertThat(facts.serviceUser().map(ServiceUser::source)).contains(ServiceUser.Source.LOCAL_HOME);
    assertThat(facts.lastError()).as("read only in ERROR").isEmpty();
  }

  @Test
  void readsAClusteredNodeWithItsAttachmentsInTheSharedHome() throws Exception {
    status = "{\"state\":\"ERROR\"}";
    serverInstallation("", 99_999_999);
    String license = license("datacenter");
    Files.writeString(home.resolve("confluence.cfg.xml"), configuration(license, """
        <property name="confluence.cluster">true</property>
            <property name="confluence.cluster.home">%s</property>
            <property name="confluence.cluster.interface">eth1</property>
            <property name="confluence.cluster.join.type">tcp_ip</property>
            <property name="confluence.cluster.name">R&amp;D &lt;wiki&gt;</property>
            <property name="confluence.cluster.peers">127.0.0.1, 10.0.0.12,10.0.0.13</property>
        """.formatted(shared)).replace("<setupType>custom", "<setupType>cluster"));
    Files.move(home.resolve("attachments"), Files.createDirectories(shared).resolve("attachments"));
    Files.move(home.resolve("shared-home/config"), shared.resolve("config"));
    Files.writeString(root.resolve("synchrony/synchrony.pid"), ProcessHandle.current().pid() + "\n");
    Files.createDirectories(home.resolve("logs"));
    Files.writeString(home.resolve("logs/atlassian-confluence.log"), """
        2026-12-02 01:00:00,000 ERROR [main] [c.a.c.cluster] Database is being updated by another instance
        2026-12-02 01:00:01,000 INFO [main] [c.a.c.setup] still here
        2026-12-02 01:00:02,000 ERROR [main] [c.a.c.cluster] The last error\r
        2026-12-02 01:00:03,000 WARN [main] [c.a.c.setup] nothing more
        """);

    NodeFacts facts = FactParser.parse("node1", run());

    assertThat(facts.state()).contains("ERROR");
    assertThat(facts.lastError()).contains("2026-12-02 01:00:02,000 ERROR [main] [c.a.c.cluster] The last error");
    assertThat(facts.pidAlive()).isFalse();
    assertThat(facts.setupType()).contains("cluster");
    assertThat(facts.clustered()).isTrue();
    assertThat(facts.clusterName()).contains("R&D <wiki>");
    assertThat(facts.sharedHome()).contains(shared.toString());
    assertThat(facts.joinType()).contains("tcp_ip");
    assertThat(facts.peers()).containsExactly("127.0.0.1", "10.0.0.12", "10.0.0.13");
    assertThat(facts.clusterInterface()).contains("eth1");
    assertThat(facts.licenseEdition()).isEqualTo(LicenseEdition.DATACENTER);
    assertThat(facts.licenseDigest()).contains(sha256(license));
    assertThat(facts.localSharedHome()).isFalse();
    assertThat(facts.localAttachments()).isFalse();
    assertThat(facts.desiredSharedHomeExists()).isTrue();
    assertThat(facts.desiredSharedHomeHasConfig()).isTrue();
    assertThat(facts.synchronyRunning()).isTrue();
    assertThat(facts.attachmentsBytes().orElseThrow()).isGreaterThanOrEqualTo(300_000);
  }

  @Test
  void aBareHostHasFreeSpaceAndNothingElse() throws Exception {
    server.stop(0);

    NodeFacts facts = FactParser.parse("node1", run());

    assertThat(facts).usingRecursiveComparison().ignoringFields("freeBytes", "owners")
        .isEqualTo(FactParser.parse("node1", ScriptOutputs.BARE));
    assertThat(facts.freeBytes()).containsOnlyKeys(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME, NodeFacts.SHARED_HOME);
    assertThat(facts.owners()).containsOnlyKeys(NodeFacts.SHARED_HOME_PARENT);
    assertThat(facts.owners().get(NodeFacts.SHARED_HOME_PARENT).path()).isEqualTo(root.toString());
  }

  static Stream<Arguments> userSh() {
    return Stream.of(
        Arguments.of("# START INSTALLER MAGIC ! DO NOT EDIT !\nCONF_USER=\"%s\" # user created by installer\n"
            + "# END INSTALLER MAGIC ! DO NOT EDIT !\n\nexport CONF_USER\n"),
        Arguments.of("export CONF_USER='%s'\r\n"),
        Arguments.of("CONF_USER=old\n  CONF_USER=%s\n"));
  }

  @ParameterizedTest
  @MethodSource("userSh")
  void takesTheServiceUserFromUserSh(String userSh) throws Exception {
    serverInstallation("", 1);
    Files.writeString(install.resolve("bin/user.sh"), userSh.formatted(ME));

    ServiceUser user = FactParser.parse("node1", run()).serviceUser().orElseThrow();

    assertThat(user).isEqualTo(new ServiceUser(ME, Optional.of(primaryGroup(ME)), ServiceUser.Source.USER_SH, true));
  }

  @Test
  void neverRunsUserShAndTakesTheLocalHomesOwnerWhenItNamesNoPlainUser() throws Exception {
    serverInstallation("", 1);
    Path ran = dir.resolve("user.sh ran");
    Files.writeString(install.resolve("bin/user.sh"), "CONF_USER=\"$(touch '" + ran + "'; echo x)\"\n");

    NodeFacts facts = FactParser.parse("node1", run());

    assertThat(ran).doesNotExist();
    assertThat(facts.serviceUser()).contains(new ServiceUser(Files.getOwner(home).getName(),
        Optional.of(group(home)), ServiceUser.Source.LOCAL_HOME, true));
  }

  @Test
  void aUserThatUserShNamesButTheHostLacksGetsTheLocalHomesGroup() throws Exception {
    serverInstallation("", 1);
    Files.writeString(install.resolve("bin/user.sh"), "CONF_USER=\"nobody-here-4711\"\n");

    NodeFacts facts = FactParser.parse("node1", run());

    assertThat(facts.serviceUser()).contains(new ServiceUser("nobody-here-4711", Optional.of(group(home)),
        ServiceUser.Source.USER_SH, false));
    assertThat(facts.runsAs()).hasValueSatisfying(text -> assertThat(text).contains("no user nobody-here-4711"));
  }

  @Test
  void withoutUserShOrLocalHomeTheRunningProcessesUserIsTheServiceUser() throws Exception {
    Files.createDirectories(install.resolve("bin"));
    Files.createDirectories(install.resolve("work"));
    Files.writeString(install.resolve("bin/start-confluence.sh"), "#!/bin/sh\n");
    Files.writeString(install.resolve("work/catalina.pid"), ProcessHandle.current().pid() + "\n");

    ServiceUser user = FactParser.parse("node1", run()).serviceUser().orElseThrow();

    assertThat(user.user()).isEqualTo(ME);
    assertThat(user.source()).isEqualTo(ServiceUser.Source.PROCESS);

    Files.delete(install.resolve("work/catalina.pid"));
    NodeFacts unknown = FactParser.parse("node1", run());
    assertThat(unknown.serviceUser()).isEmpty();
    assertThat(unknown.runsAs()).hasValueSatisfying(text -> assertThat(text).contains("unknown"));
  }

  @Test
  void readsWhoOwnsTheDirectoriesAndTheirModes() throws Exception {
    serverInstallation("", 1);
    Files.createDirectories(shared);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-x---"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwx---"));

    Map<String, PathOwner> owners = FactParser.parse("node1", run()).owners();

    String user = Files.getOwner(root).getName();
    assertThat(owners).containsOnlyKeys(NodeFacts.INSTALL_DIR, NodeFacts.LOCAL_HOME, NodeFacts.SHARED_HOME,
        NodeFacts.SHARED_HOME_PARENT);
    assertThat(owners.get(NodeFacts.LOCAL_HOME)).isEqualTo(new PathOwner(home.toString(), user, group(home), "750"));
    assertThat(owners.get(NodeFacts.SHARED_HOME)).isEqualTo(new PathOwner(shared.toString(), user, group(shared),
        "770"));
    assertThat(owners.get(NodeFacts.SHARED_HOME_PARENT).path()).isEqualTo(root.toString());
    assertThat(owners.get(NodeFacts.INSTALL_DIR).user()).isEqualTo(user);
  }

  @Test
  void aLicenseWhoseEditionCannotBeReadIsUnknownAndAnEmptyOneIsNone() throws Exception {
    serverInstallation("AAABrQ0ODAoPeNp9kF9LwzAUxd/zKQI+Z6Tdps5RcHZFh/sH3XzwLc1uXaRNSm5a3bc3Xetg", 1);
    assertThat(FactParser.parse("node1", run()).licenseEdition()).isEqualTo(LicenseEdition.UNKNOWN);

    Files.writeString(home.resolve("confluence.cfg.xml"), configuration("", ""));
    NodeFacts empty = FactParser.parse("node1", run());
    assertThat(empty.licenseEdition()).isEqualTo(LicenseEdition.NONE);
    assertThat(empty.licenseDigest()).isEmpty();
  }

  @Test
  void printsNoSecret() throws Exception {
    String license = license("server");
    serverInstallation(license, 1);

    String output = run();

    assertThat(output).doesNotContain(DATABASE_PASSWORD, JWT_PRIVATE_KEY);
    license.lines().forEach(line -> assertThat(output).doesNotContain(line));
  }

  @Test
  void changesNothingOnTheHost() throws Exception {
    serverInstallation(license("server"), ProcessHandle.current().pid());
    Map<String, String> before = snapshot();

    run();

    assertThat(snapshot()).isEqualTo(before);
  }

  private static String primaryGroup(String user) throws Exception {
    Process id = new ProcessBuilder("id", "-gn", user).start();
    return new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  private static String group(Path path) throws IOException {
    return Files.readAttributes(path, PosixFileAttributes.class).group().getName();
  }

  private String script() {
    Topology topology = TestTopologies.localNode(root, port);
    return FactScript.text(topology, topology.first());
  }

  private String run() throws Exception {
    Path errors = dir.resolve("stderr");
    Process shell = new ProcessBuilder("/bin/sh", "-c", script()).redirectError(errors.toFile()).start();
    String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(shell.waitFor(FactScript.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(shell.exitValue()).as(Files.readString(errors)).isZero();
    return output;
  }

  /** A Server installation as the installer leaves it, with {@code license} in its configuration. */
  private void serverInstallation(String license, long pid) throws IOException {
    Files.createDirectories(install.resolve("bin"));
    Files.createDirectories(install.resolve("work"));
    Files.createDirectories(install.resolve("confluence/WEB-INF/classes"));
    Files.createDirectories(root.resolve("synchrony"));
    Files.writeString(install.resolve("bin/start-confluence.sh"), "#!/bin/sh\n");
    Files.writeString(install.resolve("bin/setenv.sh"), """
        CATALINA_PID="$CATALINA_BASE/work/catalina.pid"
        # CATALINA_OPTS="-Dsynchrony.service.url=http://old.example.com/synchrony/v1 ${CATALINA_OPTS}"
        CATALINA_OPTS="-Dsynchrony.service.url=https://wiki.example.com/synchrony/v1 ${CATALINA_OPTS}"
        export CATALINA_OPTS
        """);
    Files.writeString(install.resolve("confluence/WEB-INF/classes/confluence-init.properties"),
        "# confluence.home=/var/atlassian/application-data/confluence\nconfluence.home = " + home + "  \r\n");
    Files.writeString(install.resolve("work/catalina.pid"), pid + "\n");
    Files.createDirectories(home.resolve("shared-home/config"));
    Files.writeString(home.resolve("shared-home/config/cache-settings-overrides.properties"), "# overrides\n");
    Files.writeString(home.resolve("confluence.cfg.xml"), configuration(license, ""));
    Path attachment = Files.createDirectories(home.resolve("attachments/ver003/1/2/98301/131073")).resolve("1");
    byte[] content = new byte[300_000];
    new Random(7).nextBytes(content);
    Files.write(attachment, content);
  }

  private static String configuration(String license, String moreProperties) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>

        <confluence-configuration>
          <setupStep>complete</setupStep>
          <setupType>custom</setupType>
          <buildNumber>9012</buildNumber>
          <properties>
            <property name="atlassian.license.message">%s</property>
            %s<property name="hibernate.connection.password">%s</property>
            <property name="hibernate.connection.url">jdbc:postgresql://db:5432/confluence</property>
            <property name="jwt.private.key">%s</property>
          </properties>
        </confluence-configuration>
        """.formatted(license, moreProperties, DATABASE_PASSWORD, JWT_PRIVATE_KEY);
  }

  /** A key in the sandbox's format, in lines of 76 like a real one. */
  private static String license(String edition) {
    String content = "orchestrate-sandbox-license\nedition=" + edition + "\nserial=0a1b2c\nlicensee=Test\n";
    return Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(content.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Every path under the host's root with its size and modification time. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path path : all.toList()) {
        files.put(root.relativize(path).toString(), Files.size(path) + " " + Files.getLastModifiedTime(path));
      }
    }
    return files;
  }
}
