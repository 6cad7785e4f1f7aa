package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostWordsTest {
  private static String printed(String word) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", "printf '[%s]' " + word);
    builder.environment().put("HOME", "/home/u");
    builder.environment().put("SPACED", "a  b*");
    builder.environment().remove("UNSET_HERE");
    Process sh = builder.start();
    String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }

  /** As Python's os.path.expanduser(os.path.expandvars(word)) gives it on the host. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "$HOME/x | [/home/u/x]",
      "${HOME}x | [/home/ux]",
      "pre$SPACED | [prea  b*]",
      "$UNSET_HERE and ${UNSET_HERE} | [$UNSET_HERE and ${UNSET_HERE}]",
      "~/conf | [/home/u/conf]",
      "a~b | [a~b]",
      "$1 $ | [$1 $]",
      "it's `id` | [it's `id`]"})
  void expandsVariablesAndHomeOnly(String word, String expected) throws Exception {
    assertThat(printed(HostWords.expanded(word))).isEqualTo(expected);
  }

  @Test
  void aPatternMatchesFilesButKeepsTheRestLiteral(@TempDir Path directory) throws Exception {
    Files.createFile(directory.resolve("a file.log"));
    Files.createFile(directory.resolve("b.log"));

    assertThat(printed(HostWords.pattern(directory + "/*.log")))
        .isEqualTo("[" + directory + "/a file.log][" + directory + "/b.log]");
    assertThat(printed(HostWords.pattern(directory + "/[ab] file.log"))).isEqualTo("[" + directory + "/a file.log]");
    assertThat(printed(HostWords.pattern(directory + "/$(id)*"))).isEqualTo("[" + directory + "/$(id)*]");
  }
}
