package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileModeTest {
  /** mode as written, the path's current bits, whether it is a directory, the bits Ansible ends with (umask 022). */
  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("0644", 0777, false, 0644),
        Arguments.of("644", 0777, false, 0644),
        Arguments.of("0o750", 0, true, 0750),
        Arguments.of(420L, 0777, false, 0644),
        Arguments.of(644L, 0, false, 01204),
        Arguments.of("u=rw,g=r,o=", 0777, false, 0640),
        Arguments.of("u+x", 0644, false, 0744),
        Arguments.of("a-w", 0666, false, 0444),
        Arguments.of("go=u", 0700, false, 0777),
        Arguments.of("+x", 0644, false, 0755),
        Arguments.of("=rw", 0700, false, 0644),
        Arguments.of("a+X", 0644, false, 0644),
        Arguments.of("a+X", 0644, true, 0755),
        Arguments.of("a+X", 0744, false, 0755),
        Arguments.of("u=rwX,g=rX,o=", 0600, true, 0750),
        Arguments.of("u+s,o+t", 0755, false, 05755),
        Arguments.of("u=rw-x+x", 0600, false, 0700),
        Arguments.of("g-s", 02775, true, 0775));
  }

  @ParameterizedTest
  @MethodSource("modes")
  void endsWithAnsiblesBits(Object written, int current, boolean directory, int expected) {
    assertThat(Integer.toOctalString(FileMode.parse(written).apply(current, directory, 022)))
        .isEqualTo(Integer.toOctalString(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"z=rw", "u=q", "rw", "0988", "u=rw,"})
  void refusesWhatAnsibleRefuses(String written) {
    assertThatThrownBy(() -> FileMode.parse(written)).isInstanceOf(ModuleFailure.class)
        .hasMessageStartingWith("bad symbolic permission for mode");
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 4096, 99999})
  void refusesNumbersOutsideTheBits(long written) {
    assertThatThrownBy(() -> FileMode.parse(written)).isInstanceOf(ModuleFailure.class).hasMessageContaining("outside");
  }
}
