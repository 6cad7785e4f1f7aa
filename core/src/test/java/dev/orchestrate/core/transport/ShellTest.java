package dev.orchestrate.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellTest {
  @ParameterizedTest
  @ValueSource(strings = {"plain", "/opt/atlassian/confluence", "with space", "it's", "\"double\"", "$HOME", "`id`",
      "$(id)", "new\nline", "tab\there", "back\\slash", "*?[]", ";&|<>", "", "-n", "'", "''", "ünïcode ✓"})
  void aQuotedWordReachesTheCommandExactly(String word) throws IOException, InterruptedException {
    Process sh = new ProcessBuilder("sh", "-c", "printf '%s' " + Shell.quote(word)).start();
    String printed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThat(printed).isEqualTo(word);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "/a/b.c", "user@host", "key=value"})
  void wordsWithNothingSpecialStayAsTheyAre(String word) {
    assertThat(Shell.quote(word)).isEqualTo(word);
  }
}
