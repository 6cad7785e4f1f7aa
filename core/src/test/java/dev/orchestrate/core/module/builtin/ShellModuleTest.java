package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellModuleTest {
  @TempDir
  Path directory;

  private ModuleResult shell(Map<String, Object> arguments) {
    return new ShellModule().execute(Hosts.local(directory).call(arguments));
  }

  @Test
  void runsTheTextInAShell() {
    ModuleResult result = shell(Map.of(ModuleCall.FREE_FORM, "echo one two | wc -w; echo \"$0\""));

    assertThat(result.fields().get("stdout_lines")).asList().containsExactly("2", "/bin/sh");
    assertThat(result.fields()).containsEntry("cmd", "echo one two | wc -w; echo \"$0\"");
    assertThat(result.changed()).isTrue();
  }

  @Test
  void runsInChdirWithTheExecutableGiven() throws Exception {
    Files.writeString(directory.resolve("here.txt"), "x");

    ModuleResult result = shell(Map.of(ModuleCall.FREE_FORM, "ls; echo \"$0\"", "chdir", directory.toString(),
        "executable", "/bin/bash"));

    assertThat(result.fields().get("stdout_lines")).asList().containsExactly("here.txt", "/bin/bash");
  }

  @Test
  void createsMakesASecondRunChangeNothing() {
    Map<String, Object> arguments = Map.of(ModuleCall.FREE_FORM, "echo made > marker", "chdir", directory.toString(),
        "creates", "marker");

    assertThat(shell(arguments).changed()).isTrue();
    ModuleResult second = shell(arguments);

    assertThat(second.changed()).isFalse();
    assertThat(second.fields()).containsEntry("stdout", "skipped, since marker exists");
  }

  @Test
  void failsOnANonZeroExit() {
    ModuleResult result = shell(Map.of(ModuleCall.FREE_FORM, "exit 4"));

    assertThat(result.failed()).isTrue();
    assertThat(result.fields()).containsEntry("rc", 4);
  }
}
