package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PythonTimeTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PT0.003118S | 0:00:00.003118",
      "PT1S | 0:00:01",
      "PT1H2M3.5S | 1:02:03.500000",
      "PT26H | 1 day, 2:00:00",
      "PT50H | 2 days, 2:00:00"})
  void deltasReadAsPythonTimedelta(String duration, String text) {
    assertThat(PythonTime.delta(Duration.parse(duration))).isEqualTo(text);
  }

  @Test
  void timestampsReadAsPythonDatetime() {
    assertThat(PythonTime.timestamp(LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000)))
        .isEqualTo("2024-05-06 07:08:09.123456");
    assertThat(PythonTime.timestamp(LocalDateTime.of(2024, 5, 6, 7, 8, 9))).isEqualTo("2024-05-06 07:08:09");
  }
}
