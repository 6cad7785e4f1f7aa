package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipelines of examples/ci are ready to copy: the YAML ones are YAML, and every orchestrate
 * command line in them is one the command accepts (each parsed by the command's own parser, so a
 * renamed option breaks this test, not somebody's deployment), going validate, plan, apply.
 */
class CiExamplesTest {
  private static final Path CI = Path.of("../examples/ci");
  private static final Pattern COMMAND = Pattern.compile("\\borchestrate ((?:validate|plan|apply|rollback|status|run)"
      + "\\b[^'\\n>|;&)\"]*)");

  @ParameterizedTest
  @ValueSource(strings = {"github-actions.yml", "gitlab-ci.yml", "Jenkinsfile"})
  void everyCommandLineIsOneOrchestrateAccepts(String name) throws IOException {
    String text = Files.readString(CI.resolve(name));
    if (name.endsWith(".yml")) {
      assertThatCode(() -> new ObjectMapper(new YAMLFactory()).readTree(text)).as(name + " is YAML")
          .doesNotThrowAnyException();
    }
    List<String> commands = new ArrayList<>();
    Matcher command = COMMAND.matcher(text);
    while (command.find()) {
      String line = command.group(1).strip();
      commands.add(line.split(" ")[0] + (line.contains("--rollback") ? " --rollback" : ""));
      assertThatCode(() -> Cli.commandLine().parseArgs(line.split("\\s+"))).as(name + ": orchestrate " + line)
          .doesNotThrowAnyException();
    }
    assertThat(commands).as(name).containsSubsequence("validate", "plan", "apply", "plan --rollback");
    assertThat(text).as(name).contains("--detailed-exitcode", "--plan cluster.plan", "--junit apply-report.xml");
  }
}
