package dev.orchestrate.core.module.confluence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteScriptTest {
  @ParameterizedTest
  @CsvSource({"90s, 90", "10m, 600", "1h, 3600", "1h30m, 5400", "45, 45", "'2m 30s', 150", "' 7S ', 7"})
  void durationsReadAsSeconds(String text, long seconds) {
    assertThat(RemoteScript.seconds(text, "timeout")).isEqualTo(seconds);
  }

  @Test
  void numbersAreSecondsAlready() {
    assertThat(RemoteScript.seconds(120, "timeout")).isEqualTo(120);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "10 minutes", "0", "0s", "-5", "1d"})
  void anythingElseIsRefusedWithTheFormsThatWork(String text) {
    assertThatThrownBy(() -> RemoteScript.seconds(text, "timeout"))
        .isInstanceOf(RemoteScript.BadArgument.class)
        .hasMessageStartingWith("timeout must be");
  }

  @ParameterizedTest
  @CsvSource({"1024, 1024", "1K, 1024", "500M, 524288000", "2GB, 2147483648", "'1.5 GiB', 1610612736",
      "1t, 1099511627776"})
  void sizesCountInPowersOf1024(String text, long bytes) {
    assertThat(RemoteScript.bytes(text, "bytes")).isEqualTo(bytes);
  }

  @Test
  void sizesForPeopleHaveOneDecimal() {
    assertThat(RemoteScript.size(512)).isEqualTo("512 bytes");
    assertThat(RemoteScript.size(2_254_857_830L)).isEqualTo("2.1 GB");
    assertThat(RemoteScript.size(1L << 30)).isEqualTo("1.0 GB");
  }

  @Test
  void factsGroupLinesByTheirFirstWord() {
    Map<String, List<String>> facts = RemoteScript.facts("entry a b\nentry c\nsrc dir\nlone\n");

    assertThat(facts).containsEntry("entry", List.of("a b", "c")).containsEntry("src", List.of("dir"))
        .containsEntry("lone", List.of(""));
    assertThat(RemoteScript.fact(facts, "missing", "fallback")).isEqualTo("fallback");
  }

  @Test
  void pathsMustBeAbsoluteAndNameTheArgument() {
    assertThat(RemoteScript.path("/opt//atlassian/", "src").value()).isEqualTo("/opt/atlassian");
    assertThatThrownBy(() -> RemoteScript.path("opt/atlassian", "src"))
        .hasMessage("src: 'opt/atlassian' is not an absolute path (it must start with /)");
  }
}
