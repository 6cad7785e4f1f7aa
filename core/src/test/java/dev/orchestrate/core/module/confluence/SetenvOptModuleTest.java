package dev.orchestrate.core.module.confluence;

import static dev.orchestrate.core.module.edit.LocalModuleCall.arguments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.edit.LocalModuleCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetenvOptModuleTest {
  static final String BEFORE = """
      CATALINA_PID="$CATALINA_BASE/work/catalina.pid"

      CATALINA_OPTS="-Djava.awt.headless=true ${CATALINA_OPTS}"
      CATALINA_OPTS="-Datlassian.plugins.enable.wait=300 ${CATALINA_OPTS}"
      CATALINA_OPTS="-Xms1024m -Xmx1024m -XX:+UseG1GC ${CATALINA_OPTS}"

      export CATALINA_OPTS
      """;

  static final String AFTER = """
      CATALINA_PID="$CATALINA_BASE/work/catalina.pid"

      CATALINA_OPTS="-Djava.awt.headless=true ${CATALINA_OPTS}"
      CATALINA_OPTS="-Xms1024m -Xmx1024m -XX:+UseG1GC ${CATALINA_OPTS}"

      CATALINA_OPTS="-Dsynchrony.service.url=http://synchrony:8091/synchrony/v1 ${CATALINA_OPTS}"
      export CATALINA_OPTS
      """;

  @TempDir Path bin;
  Path file;
  Path backup;

  @BeforeEach
  void writeTheFile() throws IOException {
    file = bin.resolve("setenv.sh");
    backup = bin.resolve("setenv.sh.orchestrate-" + LocalModuleCall.RUN_ID);
    Files.writeString(file, BEFORE);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
  }

  @Test
  void addsAndRemovesOptionsKeepingTheScriptExecutable() throws IOException {
    ModuleResult result = run(synchrony(), false, Map.of());

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(AFTER);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
    assertThat(Files.readString(backup)).isEqualTo(BEFORE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rwxr-x---");
    assertThat(result.fields()).containsEntry("changed_keys",
        List.of("synchrony.service.url", "atlassian.plugins.enable.wait"));
    assertThat(result.undo()).containsExactly(XmlPropertyModuleTest.undo(file, backup.toString(), BEFORE, AFTER));
  }

  @Test
  void aRerunChangesNothing() throws IOException {
    run(synchrony(), false, Map.of());
    LocalModuleCall again = new LocalModuleCall(synchrony(), Map.of(), false);

    ModuleResult result = new SetenvOptModule().execute(again);

    assertThat(result.changed()).isFalse();
    assertThat(again.uploads()).isEmpty();
    assertThat(again.scripts()).isEmpty();
  }

  @Test
  void checkModeWritesNothing() throws IOException {
    LocalModuleCall call = new LocalModuleCall(synchrony(), Map.of(), true);

    ModuleResult result = new SetenvOptModule().execute(call);

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(file)).isEqualTo(BEFORE);
    assertThat(backup).doesNotExist();
    assertThat(call.uploads()).isEmpty();
  }

  @Test
  void aSecretTheShellWouldExpandIsRefusedWithoutShowingIt() throws IOException {
    Map<String, Object> arguments = arguments("path", file.toString(), "options",
        Map.of("trust.store.password", "((secret:store))"));

    ModuleResult result = run(arguments, false, Map.of("store", "pa$$w0rd-42"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains("-Dtrust.store.password").doesNotContain("w0rd");
    assertThat(result.toString()).doesNotContain("w0rd");
    assertThat(Files.readString(file)).isEqualTo(BEFORE);
    assertThat(backup).doesNotExist();
  }

  private Map<String, Object> synchrony() {
    Map<String, Object> options = arguments(
        "synchrony.service.url", "http://synchrony:8091/synchrony/v1",
        "atlassian.plugins.enable.wait", null,
        "java.awt.headless", true);
    return arguments("path", file.toString(), "options", options);
  }

  private static ModuleResult run(Map<String, Object> arguments, boolean checkMode, Map<String, String> secrets) {
    return new SetenvOptModule().execute(new LocalModuleCall(arguments, secrets, checkMode));
  }
}
