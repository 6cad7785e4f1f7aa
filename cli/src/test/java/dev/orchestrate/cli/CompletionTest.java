package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The completion script completes in a real bash what the commands define, and the build's man
 * pages (written by {@link ManPages}, as the build does) cover every command and option.
 */
class CompletionTest {
  @TempDir
  static Path directory;

  private static Path script;

  @BeforeAll
  static void writeScript() throws IOException {
    CliTest.Run printed = CliTest.run("completion", "bash");
    assertThat(printed.exitCode()).isZero();
    script = Files.writeString(directory.resolve("orchestrate.bash"), printed.out());
  }

  @Test
  void completesEveryCommandTheUsageShows() throws Exception {
    assertThat(complete("orchestrate", "")).containsExactlyInAnyOrderElementsOf(visibleCommands().keySet());
    assertThat(complete("orchestrate", "ro")).containsExactly("rollback");
    assertThat(complete("orchestrate", "co")).containsExactly("completion");
  }

  @Test
  void completesEveryOptionOfApplyAndTheValuesOfOutput() throws Exception {
    List<String> applyOptions = Cli.commandLine().getSubcommands().get("apply").getCommandSpec().options().stream()
        // picocli's script offers an inherited option (--verbose) only after the command that declares it.
        .filter(option -> !option.hidden() && !option.inherited()).flatMap(option -> List.of(option.names()).stream())
        .filter(name -> name.startsWith("--")).toList();

    assertThat(applyOptions).contains("--yes", "--output", "--junit", "--parallel", "--accept-new-host-keys");
    assertThat(complete("orchestrate", "apply", "--")).containsAll(applyOptions);
    assertThat(complete("orchestrate", "apply", "cluster.yaml", "--rollback-")).containsExactly("--rollback-on-failure");
    assertThat(complete("orchestrate", "apply", "--output", "")).containsExactlyInAnyOrder("text", "json");
    assertThat(complete("orchestrate", "plan", "--format", "")).containsExactlyInAnyOrder("text", "json", "dot",
        "mermaid");
  }

  @Test
  void keepsHiddenCommandsOut() throws Exception {
    assertThat(complete("orchestrate", "re")).doesNotContain("reference");
  }

  @Test
  void zshGetsTheSameScriptAndOtherShellsAreRefused() {
    assertThat(CliTest.run("completion", "zsh").out()).isEqualTo(CliTest.run("completion", "bash").out())
        .contains("bashcompinit");
    CliTest.Run fish = CliTest.run("completion", "fish");
    assertThat(fish.exitCode()).isEqualTo(ExitCode.INVALID_INPUT.code());
    assertThat(fish.err()).contains("bash", "zsh");
  }

  @Test
  void theBuildWritesAManPagePerCommandAndTheCompletionScript() throws IOException {
    Path man = directory.resolve("man");
    Path completion = directory.resolve("completion/orchestrate.bash");
    ManPages.write(man, completion);

    String root = Files.readString(man.resolve("orchestrate.adoc"));
    assertThat(root).contains(":doctype: manpage", "= orchestrate(1)", "== Exit status", "*70*::");
    for (Map.Entry<String, CommandLine> command : visibleCommands().entrySet()) {
      assertThat(root).contains("xref:orchestrate-" + command.getKey() + ".adoc[*" + command.getKey() + "*]");
      String page = Files.readString(man.resolve("orchestrate-" + command.getKey() + ".adoc"));
      assertThat(page).contains("= orchestrate-" + command.getKey() + "(1)", "== Exit status");
      for (OptionSpec option : command.getValue().getCommandSpec().options()) {
        assertThat(page).as("%s's page names %s", command.getKey(), option.longestName())
            .contains("*" + option.longestName() + "*");
      }
    }
    assertThat(man.resolve("orchestrate-reference.adoc")).doesNotExist();
    assertThat(Files.readString(completion)).isEqualTo(Files.readString(script));
  }

  private static Map<String, CommandLine> visibleCommands() {
    Map<String, CommandLine> commands = new java.util.LinkedHashMap<>(Cli.commandLine().getSubcommands());
    commands.values().removeIf(command -> command.getCommandSpec().usageMessage().hidden());
    return commands;
  }

  /** What bash offers for the last word, with the script sourced as a user's shell would. */
  private static List<String> complete(String... words) throws Exception {
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append(" '").append(word).append('\'');
    }
    String program = "source '" + script + "'\n"
        + "COMP_WORDS=(" + array + " )\n"
        + "COMP_CWORD=" + (words.length - 1) + "\n"
        + "COMP_LINE=\"${COMP_WORDS[*]}\"\n"
        + "COMP_POINT=${#COMP_LINE}\n"
        + "_complete_orchestrate\n"
        + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", program).directory(directory.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(line -> !line.isEmpty()).toList();
  }
}
