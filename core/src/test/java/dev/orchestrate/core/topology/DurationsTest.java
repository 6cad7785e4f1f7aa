package dev.orchestrate.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"30s, PT30S", "5m, PT5M", "1h, PT1H", "1h30m, PT1H30M", "500ms, PT0.5S", "90s, PT1M30S", "0s, PT0S"})
  void readsEveryUnitAndCombinations(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "5 m", "10 minutes", "1d", "-5s", "1.5h", "s"})
  void refusesAnythingElse(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text));
  }

  @Test
  void refusesADurationTooLongToCount() {
    assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("99999999999999999999h"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30s", "5m", "1h30m", "500ms", "2h5m7s250ms"})
  void formatsWhatItReads(String text) {
    assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
  }

  @Test
  void formatsTheShortestForm() {
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
