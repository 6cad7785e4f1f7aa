package dev.orchestrate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated installation run as an administrator would: its scripts start and stop Confluence
 * as a background process, and Synchrony starts from its jar with the real command line.
 */
class SimulatorProcessTest {
  private static final String ADDRESS = "127.0.1.55";
  private static final String URL = "jdbc:postgresql://127.0.1.55:5432/confluence";

  @TempDir
  Path dir;

  private Path install;
  private Path home;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void installation() {
    SimulatedDatabase.of(dir.resolve("databases"), URL).create("confluence", "pw");
    install = dir.resolve("host/opt/atlassian/confluence");
    home = dir.resolve("host/var/confluence-home");
    ServerInstallation.write(install, home, new ServerInstallation.Settings(
        SimulatedLicense.create(SimulatedLicense.Edition.SERVER, "9"), URL, "confluence", "pw", "private", "public",
        8090, 300, 100_000, 1));
  }

  @AfterEach
  void stop() throws IOException, InterruptedException {
    run(install.resolve("bin/stop-confluence.sh").toString());
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
    run(install.resolve("bin/start-confluence.sh").toString());
    long pid = Long.parseLong(Files.readString(install.resolve("work/catalina.pid")).strip());
    awaitBody("http://" + ADDRESS + ":8090/status", "{\"state\":\"RUNNING\"}");

    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroy();
    process.onExit().get(20, TimeUnit.SECONDS);

    assertThat(process.isAlive()).isFalse();
    assertThat(Files.readString(home.resolve("logs/atlassian-confluence.log"))).contains("Confluence has stopped");
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
    String[] properties = ALL.stream().filter(p -> !p.startsWith("-D" + left + "=")).toArray(String[]::new);

    Result result = run(synchrony(synchronyClassPath(true), properties));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output()).contains("cannot start: missing " + left);
  }

  @Test
  void synchronyRefusesToStartWithoutAJdbcDriver() throws Exception {
    Result result = run(synchrony(synchronyClassPath(false), ALL.toArray(String[]::new)));

    assertThat(result.status()).isEqualTo(1);
    assertThat(result.output()).contains("No suitable driver found for " + URL);
  }

  @Test
  void synchronyTakesSecretsFromTheEnvironmentAndAnswersItsHeartbeat() throws Exception {
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
