package dev.orchestrate.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.control.ControlModules;
import dev.orchestrate.core.template.Templar;
import dev.orchestrate.core.topology.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments are rendered; assert and debug also get what they must read from the variables. */
class ModuleArgumentsTest {
  @TempDir
  Path dir;

  private ModuleArguments arguments;
  private final Map<String, Object> variables = Map.of("rc", 0, "home", "/var/confluence");

  @BeforeEach
  void setUp() {
    Templar templar = Templar.create(new Environment(Map.of(), dir, "tester"), dir);
    arguments = new ModuleArguments(templar, new Conditions(templar));
  }

  @Test
  void aModuleGetsItsArgumentsRendered() {
    assertThat(arguments.of("command", Map.of("_raw_params", "ls {{ home }}"), variables))
        .containsExactly(Map.entry("_raw_params", "ls /var/confluence"));
  }

  @Test
  void assertGetsTheConditionsThatDidNotHoldAsWritten() {
    Map<String, Object> called = arguments.of("assert", Map.of("that", List.of("rc == 0", "rc == 1", "home == ''"),
        "fail_msg", "rc was {{ rc }}"), variables);

    assertThat(called).containsEntry("fail_msg", "rc was 0")
        .containsEntry(ControlModules.FAILED_CONDITIONS, List.of("rc == 1", "home == ''"));
  }

  @Test
  void debugGetsTheValueOfItsVariable() {
    assertThat(arguments.of("debug", Map.of("var", "home"), variables))
        .containsEntry(ControlModules.VARIABLE_VALUE, "/var/confluence");
    assertThat(arguments.of("debug", Map.of("msg", "hi"), variables)).containsOnlyKeys("msg");
  }
}
