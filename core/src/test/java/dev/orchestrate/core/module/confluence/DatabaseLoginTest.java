package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.TransportModuleCall;
import dev.orchestrate.core.template.SecretReferences;
import dev.orchestrate.core.topology.SshSettings;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.ForwardingTransport;
import dev.orchestrate.core.transport.Host;
import dev.orchestrate.core.transport.LocalTransport;
import dev.orchestrate.core.transport.RecordingTransport;
import dev.orchestrate.core.transport.Transport;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code preflight}'s {@code database_login}: the real probe run by the real script on this
 * machine, against {@link TestJdbcDriver} packed into a test installation's WEB-INF/lib; and the
 * command it builds, read from a recording transport, carrying the password only as a secret.
 */
class DatabaseLoginTest {
  private static final Host HOST = new Host("n1", "127.0.0.1", new SshSettings("confluence", 22, Optional.empty(),
      Optional.empty(), Optional.empty(), Path.of("/dev/null"), SshSettings.Become.NONE, Duration.ofSeconds(5)));
  private static final String URL = "jdbc:orchestrate-test:confluence";

  @TempDir
  Path dir;

  private Path install;

  @BeforeEach
  void installation() throws Exception {
    install = dir.resolve("confluence install");
    Path lib = Files.createDirectories(install.resolve("confluence/WEB-INF/lib"));
    String driverFile = TestJdbcDriver.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve("test-driver.jar")));
        InputStream driver = TestJdbcDriver.class.getClassLoader().getResourceAsStream(driverFile)) {
      jar.putNextEntry(new JarEntry(driverFile));
      driver.transferTo(jar);
      jar.putNextEntry(new JarEntry("META-INF/services/java.sql.Driver"));
      jar.write((TestJdbcDriver.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    // The installation's own JRE comes first, as Confluence's bundled one does on a node.
    Path java = Files.createDirectories(install.resolve("jre/bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\nexec '" + ProcessHandle.current().info().command().orElseThrow() + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void theRightPasswordPasses() {
    ModuleResult result = run(new LocalTransport(), login(URL, "confluence"), TestJdbcDriver.PASSWORD);

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.message()).isEqualTo("all 1 checks passed");
  }

  @Test
  void aWrongPasswordIsRefusedNamingTheNodeTheDatabaseAndTheUserWithEveryOtherProblem() {
    Map<String, Object> arguments = Map.of("database_login", check(URL, "confluence"),
        "paths_exist", List.of(dir.resolve("missing").toString()));

    ModuleResult result = run(new LocalTransport(), arguments, "wrong-password");

    assertThat(result.failed()).isTrue();
    assertThat(result.message().lines()).containsExactly(dir.resolve("missing") + " does not exist",
        "n1: the database " + URL + " refuses user confluence: password authentication failed for user"
            + " \"confluence\" (28P01)");
  }

  @Test
  void anUnknownDatabaseOrUserIsRefusedAsTheDriverSaysIt() {
    assertThat(run(new LocalTransport(), login("jdbc:orchestrate-test:wiki", "confluence"), TestJdbcDriver.PASSWORD)
        .message()).isEqualTo("n1: the database jdbc:orchestrate-test:wiki refuses user confluence: database"
            + " \"wiki\" does not exist (3D000)");
    assertThat(run(new LocalTransport(), login(URL, "root"), TestJdbcDriver.PASSWORD).message())
        .isEqualTo("n1: the database " + URL + " refuses user root: password authentication failed for user"
            + " \"root\" (28P01)");
  }

  @Test
  void aUrlNoDriverTakesOrANodeWithoutConfluenceIsSaidSo() throws Exception {
    assertThat(run(new LocalTransport(), login("jdbc:oracle:thin:@db:1521/wiki", "confluence"), "pw").message())
        .isEqualTo("n1: cannot check the login to the database jdbc:oracle:thin:@db:1521/wiki: no JDBC driver in "
            + install + "/confluence/WEB-INF/lib takes this URL");

    install = dir.resolve("nothing here");
    assertThat(run(new LocalTransport(), login(URL, "confluence"), "pw").message())
        .isEqualTo("n1: cannot check the login to the database " + URL + ": no Confluence installation at " + install
            + " to take the JDBC driver from (" + install + "/confluence/WEB-INF/lib does not exist)");
  }

  @Test
  void theProbeRunsFromAPrivateDirectoryThatIsRemovedAfterWithThePasswordOnlyInItsEnvironment() throws Exception {
    Path seen = Files.createDirectories(dir.resolve("seen"));
    Path java = install.resolve("jre/bin/java");
    // A java that tells what it was given instead of logging in.
    Files.writeString(java, """
        #!/bin/sh
        printf '%%s\\n' "$@" > '%1$s/args'
        while [ "$1" != -cp ]; do shift; done
        classes=${2%%%%:*}
        stat -c %%a "$classes" "$classes/dev/orchestrate/core/module/confluence/DatabaseLoginProbe.class" > '%1$s/modes'
        printf '%%s' "$classes" > '%1$s/classes'
        printf '%%s' "$ORCHESTRATE_DATABASE_PASSWORD" > '%1$s/password'
        echo OK
        """.formatted(seen));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

    ModuleResult result = run(new LocalTransport(), login(URL, "confluence"), "s3cret");

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(Files.readAllLines(seen.resolve("modes"))).containsExactly("700", "600");
    assertThat(Path.of(Files.readString(seen.resolve("classes")))).doesNotExist();
    assertThat(Files.readString(seen.resolve("password"))).isEqualTo("s3cret");
    assertThat(Files.readAllLines(seen.resolve("args"))).endsWith(DatabaseLoginProbe.class.getName(), URL, "confluence")
        .noneMatch(argument -> argument.contains("s3cret"));
  }

  @Test
  void thePasswordTravelsOnlyAsTheCommandsSecretAndTheProbeAsItsInput() throws Exception {
    Recorded recorded = new Recorded(new RecordingTransport().respond("n1", "login ", 0, "probe OK\n"));

    ModuleResult result = run(recorded, login(URL, "confluence"), "s3cret");

    assertThat(result.failed()).as(result.message()).isFalse();
    Command command = recorded.commands.get(0);
    assertThat(command.script()).contains("login ").doesNotContain("s3cret");
    assertThat(command.secrets()).containsOnlyKeys("ORCHESTRATE_DATABASE_PASSWORD");
    assertThat(command.secrets().get("ORCHESTRATE_DATABASE_PASSWORD").reveal()).isEqualTo("s3cret");
    byte[] probe = command.stdin().orElseThrow();
    try (InputStream compiled = DatabaseLoginProbe.class.getResourceAsStream("DatabaseLoginProbe.class")) {
      assertThat(probe).isEqualTo(compiled.readAllBytes());
    }
    assertThat(result.toString() + command).doesNotContain("s3cret");
  }

  @Test
  void theProbeLoadsOnJava11() throws Exception {
    try (InputStream compiled = DatabaseLoginProbe.class.getResourceAsStream("DatabaseLoginProbe.class")) {
      byte[] header = compiled.readNBytes(8);
      assertThat((header[6] & 0xff) << 8 | header[7] & 0xff).as("class file major version").isEqualTo(55);
    }
  }

  @Test
  void whatTheProbeSaysIsToldWithoutThePassword() {
    assertThat(answer("probe_java /usr/bin/java\nprobe FAILED 08001 Connection to db:5432 refused.\n"))
        .isEqualTo("n1: cannot connect to the database " + URL + ": Connection to db:5432 refused. (08001)");
    assertThat(answer("probe FAILED 28000 FATAL: no pg_hba.conf entry for host \"10.0.0.2\", user s3cret\n"))
        .isEqualTo("n1: the database " + URL + " refuses user confluence: no pg_hba.conf entry for host"
            + " \"10.0.0.2\", user <secret> (28000)");
    assertThat(answer("probe nojava\n")).isEqualTo("n1: cannot check the login to the database " + URL
        + ": no Java here (neither " + install + "/jre/bin/java, nor JAVA_HOME, nor java on the PATH)");
    assertThat(answer("probe_java /opt/java8/bin/java\nprobe Error: UnsupportedClassVersionError\n"))
        .isEqualTo("n1: could not check the login to the database " + URL + " with /opt/java8/bin/java (it needs"
            + " Java 11 or newer): Error: UnsupportedClassVersionError");
  }

  @Test
  void mistakesAreReportedBeforeAnythingRuns() {
    RecordingTransport transport = new RecordingTransport();
    Map<String, Object> plainPassword = new HashMap<>(check(URL, "confluence"));
    plainPassword.put("password", "typed-in");
    Map<String, Object> passwordInUrl = check("jdbc:postgresql://db:5432/confluence?user=confluence&password=hunter2",
        "confluence");

    ModuleResult plain = run(transport, Map.of("database_login", plainPassword), "s3cret");
    ModuleResult inUrl = run(transport, Map.of("database_login", passwordInUrl), "s3cret");
    ModuleResult incomplete = run(transport, Map.of("database_login", Map.of("url", URL)), "s3cret");

    assertThat(plain.message()).contains("database_login.password must be a secret reference");
    assertThat(inUrl.message()).contains("jdbc:postgresql://db:5432/confluence?user=confluence&password=<secret>"
        + " holds a password").doesNotContain("hunter2");
    assertThat(incomplete.message()).contains("database_login needs url, username, password and install_dir");
    assertThat(transport.calls()).isEmpty();
  }

  private String answer(String stdout) {
    return run(new RecordingTransport().respond("n1", "login ", 0, stdout), login(URL, "confluence"), "s3cret")
        .message();
  }

  private Map<String, Object> login(String url, String user) {
    return Map.of("database_login", check(url, user));
  }

  private Map<String, Object> check(String url, String user) {
    return Map.of("url", url, "username", user, "password", SecretReferences.reference("database_password"),
        "install_dir", install.toString());
  }

  private ModuleResult run(Transport transport, Map<String, Object> arguments, String password) {
    TransportModuleCall.Context context = new TransportModuleCall.Context(transport, Map.of("n1", HOST), "run1", false,
        dir, name -> name.equals("database_password") ? Optional.of(password) : Optional.empty());
    return new PreflightModule().execute(new TransportModuleCall(context, "n1", "n1", arguments, text -> text,
        message -> { }));
  }

  /** Keeps every command whole, which the recording transport keeps only as its script. */
  private static final class Recorded extends ForwardingTransport {
    final List<Command> commands = new ArrayList<>();

    Recorded(Transport inner) {
      super(inner);
    }

    @Override
    public CommandResult run(Host host, Command command) {
      commands.add(command);
      return super.run(host, command);
    }
  }
}
