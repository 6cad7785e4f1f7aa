package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandModuleTest {
  @TempDir
  Path directory;

  private ModuleResult command(Map<String, Object> arguments) {
    return new CommandModule().execute(Hosts.local(directory).call(arguments));
  }

  private ModuleResult command(String freeForm) {
    return command(Map.of(ModuleCall.FREE_FORM, freeForm));
  }

  @Test
  void runsTheWordsWithoutAShellAndReportsAnsiblesFields() {
    ModuleResult result = command("printf '%s|%s\\n' 'a b' \"c'd\" ; echo");

    assertThat(result.changed()).isTrue();
    assertThat(result.failed()).isFalse();
    assertThat(result.fields()).containsEntry("rc", 0)
        .containsEntry("stdout", "a b|c'd\n;|echo")
        .containsEntry("stdout_lines", List.of("a b|c'd", ";|echo"))
        .containsEntry("stderr", "")
        .containsEntry("cmd", List.of("printf", "%s|%s\\n", "a b", "c'd", ";", "echo"));
    assertThat((String) result.fields().get("start")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?");
    assertThat((String) result.fields().get("delta")).matches("0:00:\\d\\d(\\.\\d{6})?");
  }

  @Test
  void expandsVariablesOnTheHostAsAnsibleDoesAndLeavesUnknownOnesAlone() {
    ModuleResult result = command("echo $HOME ${HOME} $NO_SUCH_VARIABLE_HERE ~");

    String home = System.getenv("HOME");
    assertThat(result.fields()).containsEntry("stdout", home + " " + home + " $NO_SUCH_VARIABLE_HERE " + home);
  }

  @Test
  void keepsDollarsWhenExpansionIsOff() {
    ModuleResult result = command(Map.of("cmd", "echo $HOME", "expand_argument_vars", false));

    assertThat(result.fields()).containsEntry("stdout", "$HOME");
  }

  @Test
  void aNonZeroExitFailsWithAnsiblesMessage() {
    ModuleResult result = command("sh -c 'echo oops >&2; exit 3'");

    assertThat(result.failed()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.message()).isEqualTo("non-zero return code");
    assertThat(result.fields()).containsEntry("rc", 3).containsEntry("stderr", "oops")
        .containsEntry("stderr_lines", List.of("oops"));
  }

  @Test
  void createsSkipsTheCommandWhenThePathExists() throws Exception {
    Files.createFile(directory.resolve("made.txt"));

    ModuleResult result = command(Map.of(ModuleCall.FREE_FORM, "touch " + directory.resolve("other"),
        "creates", directory + "/*.txt"));

    assertThat(result.changed()).isFalse();
    assertThat(result.message()).isEqualTo("Did not run command since '" + directory + "/*.txt' exists");
    assertThat(result.fields()).containsEntry("stdout", "skipped, since " + directory + "/*.txt exists")
        .containsEntry("rc", 0);
    assertThat(directory.resolve("other")).doesNotExist();
  }

  @Test
  void removesSkipsTheCommandWhenThePathIsMissing() {
    ModuleResult result = command(Map.of(ModuleCall.FREE_FORM, "false", "removes", directory + "/gone"));

    assertThat(result.failed()).isFalse();
    assertThat(result.message()).isEqualTo("Did not run command since '" + directory + "/gone' does not exist");
  }

  @Test
  void optionsWrittenInTheFreeFormTextApply() throws Exception {
    Files.createDirectory(directory.resolve("work dir"));

    ModuleResult result = command("pwd chdir='" + directory.resolve("work dir") + "' creates=/no/such/file");

    assertThat(result.fields()).containsEntry("stdout", directory.resolve("work dir").toString())
        .containsEntry("cmd", List.of("pwd"));
  }

  @Test
  void aMissingChdirFails() {
    ModuleResult result = command(Map.of(ModuleCall.FREE_FORM, "pwd", "chdir", directory + "/missing"));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).startsWith("Unable to change directory before execution");
  }

  @Test
  void argvPassesEachItemAsOneWord() {
    ModuleResult result = command(Map.of("argv", List.of("printf", "[%s]", "two words", "FOO=bar")));

    assertThat(result.fields()).containsEntry("stdout", "[two words][FOO=bar]");
  }

  @Test
  void stdinIsFedWithANewlineAndItsSecretsRevealed() {
    Hosts hosts = Hosts.local(directory);
    ModuleResult result = new CommandModule().execute(hosts.call(Map.of(ModuleCall.FREE_FORM, "od -c",
        "stdin", "((secret:db_password))")));

    assertThat(result.fields().get("stdout").toString()).contains("w", "r", "d", "\\n");
    assertThat(hosts.scripts()).doesNotContain(Hosts.SECRET);
  }

  @Test
  void checkModeRunsNothing() {
    Hosts hosts = Hosts.local(directory).checkMode(true);

    ModuleResult result = new CommandModule().execute(hosts.call(Map.of(ModuleCall.FREE_FORM,
        "touch " + directory.resolve("x"))));

    assertThat(result.changed()).isFalse();
    assertThat(result.message()).isEqualTo("skipped, running in check mode");
    assertThat(hosts.commands).isEmpty();
    assertThat(directory.resolve("x")).doesNotExist();
  }

  @Test
  void checkModeWithCreatesSaysWhetherItWouldRun() {
    ModuleResult result = new CommandModule().execute(Hosts.local(directory).checkMode(true).call(Map.of(
        ModuleCall.FREE_FORM, "touch " + directory.resolve("x"), "creates", directory.resolve("x").toString())));

    assertThat(result.changed()).isTrue();
    assertThat(result.message()).isEqualTo("Command would have run if not in check mode");
    assertThat(directory.resolve("x")).doesNotExist();
  }

  @Test
  void refusesNoCommandAndBothForms() {
    assertThat(command(Map.of(ModuleCall.FREE_FORM, "  ")).message()).isEqualTo("no command given");
    assertThat(command(Map.of(ModuleCall.FREE_FORM, "ls", "argv", List.of("ls"))).message())
        .isEqualTo("only command or argv can be given, not both");
  }
}
