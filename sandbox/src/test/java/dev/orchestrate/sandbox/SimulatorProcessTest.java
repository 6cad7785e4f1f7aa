package dev.orchestrate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orchestrate.sandbox.confluence.SimulatedDatabase;
import dev.orchestrate.sandbox.confluence.SimulatedLicense;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated installation run as an administrator would: its scripts start and stop Confluence
 * as a background process, as its service user, and Synchrony starts from its jar with the real
 * command line.
 *
 * <p>Tests that need a service user other than the one running them need root and a system user
 * {@value #SERVICE_USER}: CI runs them as root (env CI set) and creates that user; elsewhere they
 * run if both are there, and are skipped, saying so, if not.
 */
class SimulatorProcessTest {
  private static final String ADDRESS = "127.0.1.55";
  private static final String URL = "jdbc:postgresql://127.0.1.55:5432/confluence";
  private static final String ME = System.getProperty("user.name");
  private static final String SERVICE_USER = "confluence";

  @TempDir
  Path dir;

  private Path install;
  private Path home;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void database() {
    SimulatedDatabase.of(dir.resolve("databases"), URL).create("confluence", "pw");
    install = dir.resolve("host/opt/atlassian/confluence");
    home = dir.resolve("host/var/confluence-home");
  }

  /** Writes the installation, for {@code serviceUser}, as the installer would; the database becomes that user's to write. */
  private void installFor(String serviceUser) throws IOException, InterruptedException {
    ServerInstallation.write(install, home, new ServerInstallation.Settings(
        SimulatedLicense.create(SimulatedLicense.Edition.SERVER, "9"), URL, "confluence", "pw", "private", "public",
        8090, 300, 100_000, 1, serviceUser));
    if (!serviceUser.equals(ME)) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      chown(serviceUser, dir.resolve("databases"));
    }
  }

  private void chown(String user, Path path) throws IOException, InterruptedException {
    assertThat(run("chown", "-R", user + ":", path.toString()).status()).isZero();
  }

  /**
   * A user other than root for a node to run as, one that a directory's mode can keep out: the user
   * running the tests, or as root the service user (see the class comment).
   */
  private static String nonRoot() throws IOException, InterruptedException {
    return ME.equals("root") ? otherServiceUser() : ME;
  }

  private static String otherServiceUser() throws IOException, InterruptedException {
    boolean ci = System.getenv("CI") != null;
    boolean exists = new ProcessBuilder("getent", "passwd", SERVICE_USER).start().waitFor() == 0;
    assumeTrue(ci || ME.equals("root") && exists, "skipped outside CI: needs root and a system user '" + SERVICE_USER
        + "' to run Confluence as (this is " + ME + (exists ? "" : ", and there is no such user") + ")");
    assertThat(ME).as("CI runs the tests as root").isEqualTo("root");
    if (!exists) {
      Process useradd = new ProcessBuilder("useradd", "--system", "--user-group", "--no-create-home", "--shell",
          "/usr/sbin/nologin", SERVICE_USER).inheritIO().start();
      assertThat(useradd.waitFor()).as("useradd " + SERVICE_USER).isZero();
    }
    return SERVICE_USER;
  }

  @AfterEach
  void stop() throws IOException, InterruptedException {
    if (Files.exists(install)) {
      run(install.resolve("bin/stop-confluence.sh").toString());
    }
    processes.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    processes.forEach(Process::destroyForcibly);
  }

  private Map<String, String> environment() {
    return Map.of("SANDBOX_HOST_ADDRESS", ADDRESS, "SANDBOX_HOST_ROOT", dir.resolve("host").toString(),
        "SANDBOX_DATABASES", dir.resolve("databases").toString(), "JAVA_HOME", System.getProperty("java.home"),
        "PATH", "/usr/bin:/bin");
  }

  private Result run(String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment());
    Process process = builder.start();
    processes.add(process);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  record Result(int status, String output) {}

  private static String get(String url) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "unreachable";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String awaitBody(String url, String wanted) {
    String seen = "";
    for (int i = 0; i < 200 && !seen.equals(wanted); i++) {
      seen = get(url);
      ProcessSweeper.sleep(50);
    }
    return seen;
  }

  @Test
  void theScriptsStartAndStopConfluenceInTheBackground() throws Exception {
    installFor(ME);
    Result started = run(install.resolve("bin/start-confluence.sh").toString());

    assertThat(started.status()).isZero();
    assertThat(started.output()).contains("Tomcat started.");
    long pid = Long.parseLong(Files.readString(install.resolve("work/catalina.pid")).strip());
    assertThat(awaitBody("http://" + ADDRESS + ":8090/status", "{\"state\":\"RUNNING\"}")).isEqualTo("{\"state\":\"RUNNING\"}");
    assertThat(run(install.resolve("bin/start-confluence.sh").toString()).output())
        .as("a second start is refused").contains("Start aborted");

    Result stopped = run(install.resolve("bin/stop-confluence.sh").toString());

    assertThat(stopped.output()).contains("Tomcat stopped.");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(install.resolve("work/catalina.pid")).doesNotExist();
    assertThat(get("http://" + ADDRESS + ":8090/status")).isEqualTo("unreachable");
    assertThat(Files.readString(home.resolve("logs/atlassian-confluence.log")))
        .contains("Confluence is ready to serve", "Shutting down Confluence", "Confluence has stopped");
  }

  @Test
  void sigtermStopsConfluence() throws Exception {
    installFor(ME);
    run(install.resolve("bin/start-confluence.sh").toString());
    long pid = Long.parseLong(Files.readString(install.resolve("work/catalina.pid")).strip());
    awaitBody("http://" + ADDRESS + ":8090/status", "{\"state\":\"RUNNING\"}");

    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroy();
    process.onExit().get(20, TimeUnit.SECONDS);

    assertThat(process.isAlive()).isFalse();
    assertThat(Files.readString(home.resolve("logs/atlassian-confluence.log"))).contains("Confluence has stopped");
  }

  @Test
  void userShNamesTheServiceUserTheInstallerWasGiven() throws Exception {
    installFor(ME);

    assertThat(Files.readString(install.resolve("bin/user.sh"))).contains("CONF_USER=\"" + ME + "\"")
        .doesNotContain("$(");
  }

  @Test
  void refusesAHomeItsUserCannotWrite() throws Exception {
    String user = nonRoot();
    installFor(user);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-x------"));

    run(install.resolve("bin/start-confluence.sh").toString());

    assertThat(awaitBody("http://" + ADDRESS + ":8090/status", "{\"state\":\"ERROR\"}"))
        .isEqualTo("{\"state\":\"ERROR\"}");
    assertThat(Files.readString(home.resolve("logs/atlassian-confluence.log"))).contains("Confluence home directory "
        + home + " is not writable by the user Confluence runs as (" + user + "): cannot create a file in " + home);
  }

  /** The cluster's shared home made as a migration makes it, by root for {@code user}, then {@code locked} made read-only. */
  @ParameterizedTest
  @ValueSource(strings = {"", "attachments"})
  void refusesASharedHomeItsUserCannotWrite(String locked) throws Exception {
    String user = nonRoot();
    installFor(user);
    Path shared = dir.resolve("shared");
    Files.move(home.resolve("attachments"), Files.createDirectories(shared).resolve("attachments"));
    Files.move(home.resolve("shared-home/config"), shared.resolve("config"));
    Files.delete(home.resolve("shared-home/confluence-healthcheck-eol.json"));
    Path cfg = home.resolve("confluence.cfg.xml");
    Files.writeString(cfg, CfgXml.parse(Files.readString(cfg)).setAll(Map.of(
        "atlassian.license.message", SimulatedLicense.create(SimulatedLicense.Edition.DATACENTER, "9"),
        "confluence.cluster", "true", "confluence.cluster.name", "wiki", "confluence.cluster.home", shared.toString(),
        "confluence.cluster.join.type", "tcp_ip", "confluence.cluster.peers", ADDRESS)).toString());
    chown(user, shared);
    Files.setPosixFilePermissions(shared.resolve(locked), PosixFilePermissions.fromString("r-xr-xr-x"));

    run(install.resolve("bin/start-confluence.sh").toString());

    assertThat(awaitBody("http://" + ADDRESS + ":8090/status", "{\"state\":\"ERROR\"}"))
        .isEqualTo("{\"state\":\"ERROR\"}");
    assertThat(Files.readString(home.resolve("logs/atlassian-confluence.log"))).contains("The cluster's shared home "
        + shared + " is not writable by the user Confluence runs as (" + user + "): cannot create a file in "
        + shared.resolve(locked));
  }

  @Test
  void rootStartsConfluenceAsTheServiceUserAndStopsIt() throws Exception {
    String user = otherServiceUser();
    installFor(user);

    assertThat(Files.readString(install.resolve("bin/user.sh"))).contains("CONF_USER=\"" + user + "\"");
    assertThat(owner(install)).isEqualTo("root");
    assertThat(owner(install.resolve("conf/server.xml"))).isEqualTo("root");
    for (String dir : List.of("logs", "temp", "work")) {
      assertThat(owner(install.resolve(dir))).as(dir).isEqualTo(user);
    }
    assertThat(owner(home.resolve("confluence.cfg.xml"))).isEqualTo(user);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwxr-x---");

    Result started = run(install.resolve("bin/start-confluence.sh").toString());

    assertThat(started.output()).contains("executing using dedicated user: " + user, "Tomcat started.");
    long pid = Long.parseLong(Files.readString(install.resolve("work/catalina.pid")).strip());
    assertThat(awaitBody("http://" + ADDRESS + ":8090/status", "{\"state\":\"RUNNING\"}"))
        .isEqualTo("{\"state\":\"RUNNING\"}");
    assertThat(run("ps", "-o", "user:32=", "-p", Long.toString(pid)).output().strip()).isEqualTo(user);
    for (Path written : List.of(install.resolve("work/catalina.pid"), install.resolve("logs/catalina.out"),
        home.resolve("logs/atlassian-confluence.log"))) {
      assertThat(owner(written)).as(written.toString()).isEqualTo(user);
    }

    Result stopped = run(install.resolve("bin/stop-confluence.sh").toString());

    assertThat(stopped.output()).contains("Tomcat stopped.");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(install.resolve("work/catalina.pid")).doesNotExist();
  }

  @Test
  void aUserOtherThanRootAndTheServiceUserIsRefused() throws Exception {
    String user = nonRoot();
    installFor(user);
    Files.writeString(install.resolve("bin/user.sh"), "CONF_USER=\"someone-else\"\nexport CONF_USER\n");
    String[] asUser = user.equals(ME) ? new String[0] : new String[] {"/sbin/runuser", "-u", user, "--"};

    for (String script : List.of("start-confluence.sh", "stop-confluence.sh")) {
      Result refused = run(Stream.concat(Stream.of(asUser), Stream.of("/bin/sh", install.resolve("bin/" + script)
          .toString())).toArray(String[]::new));

      assertThat(refused.status()).as(script).isEqualTo(1);
      assertThat(refused.output()).as(script).contains("Confluence has been installed to run as someone-else");
    }
    assertThat(install.resolve("work/catalina.pid")).doesNotExist();
  }

  private static String owner(Path path) throws IOException {
    return Files.getOwner(path).getName();
  }

  private String[] synchrony(String classPath, String... properties) {
    List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx48m",
        "-classpath", classPath));
    command.addAll(List.of(properties));
    command.addAll(List.of("synchrony.core", "sql"));
    return command.toArray(String[]::new);
  }

  private String synchronyClassPath(boolean withDriver) {
    String jar = install.resolve("confluence/WEB-INF/packages/synchrony-standalone.jar").toString();
    return withDriver ? jar + ":" + install.resolve("confluence/WEB-INF/lib/postgresql-42.7.4.jar") : jar;
  }

  private static final List<String> ALL = List.of("-Dsynchrony.service.url=http://127.0.1.56:8091/synchrony",
      "-Djwt.private.key=private", "-Djwt.public.key=public", "-Dsynchrony.database.url=" + URL,
      "-Dsynchrony.database.username=confluence", "-Dsynchrony.database.password=pw");

  @ParameterizedTest
  @ValueSource(strings = {"synchrony.service.url", "jwt.private.key", "jwt.public.key", "synchrony.database.url",
      "synchrony.database.username", "synchrony.database.password"})
  void synchronyRefusesToStartWithoutEachRequiredSetting(String left) throws Exception {
    installFor(ME);
    String[] properties = ALL.stream().filter(p -> !p.startsWith("-D" + left + "=")).toArray(String[]::new);

    Result result = run(synchrony(synchronyClassPath(true), properties));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output()).contains("cannot start: missing " + left);
  }

  @Test
  void synchronyRefusesToStartWithoutAJdbcDriver() throws Exception {
    installFor(ME);
    Result result = run(synchrony(synchronyClassPath(false), ALL.toArray(String[]::new)));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output()).contains("No suitable driver found for " + URL);
  }

  @Test
  void synchronyTakesSecretsFromTheEnvironmentAndAnswersItsHeartbeat() throws Exception {
    installFor(ME);
    ProcessBuilder builder = new ProcessBuilder(synchrony(synchronyClassPath(true),
        "-Dsynchrony.service.url=http://127.0.1.56:8091/synchrony", "-Dsynchrony.database.url=" + URL,
        "-Dsynchrony.database.username=confluence", "-Dsynchrony.bind=127.0.1.56"))
        .redirectErrorStream(true);
    builder.environment().putAll(Map.of("synchrony_database_password", "pw", "jwt_private_key", "private",
        "jwt_public_key", "public"));
    Process synchrony = builder.start();
    processes.add(synchrony);

    assertThat(awaitBody("http://127.0.1.56:8091/synchrony/heartbeat", "OK")).isEqualTo("OK");
    assertThat(ProcessHandle.current().children().filter(p -> p.pid() == synchrony.pid()).findAny()).isPresent();
    assertThat(synchrony.info().arguments().map(List::of).orElse(List.of())).noneMatch(a -> a.contains("pw"));
  }
}
