package dev.orchestrate.core.module.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every in-place text editor must pass, run on the cases its test lists in a static
 * {@code edits()}: an edit changes only its spot, a second run changes nothing, and a CRLF file
 * keeps its line breaks.
 */
abstract class TextEditCases {
  @ParameterizedTest
  @MethodSource("edits")
  void editsChangeOnlyTheirSpotAndAreIdempotent(String before, UnaryOperator<String> edit, String expected) {
    String after = edit.apply(before);

    assertThat(after).isEqualTo(expected);
    assertThat(edit.apply(after)).as("the same edit applied again").isEqualTo(after);
  }

  @ParameterizedTest
  @MethodSource("edits")
  void crlfFilesKeepTheirLineBreaks(String before, UnaryOperator<String> edit, String expected) {
    assumeTrue(before.contains("\n"), "only a text with a line break shows which kind it uses");
    String after = edit.apply(crlf(before));

    assertThat(after).isEqualTo(crlf(expected));
    assertThat(edit.apply(after)).isEqualTo(after);
  }

  /** A case of {@code edits()}: {@code edit} turns {@code before} into {@code after}. */
  static Arguments edit(String name, String before, UnaryOperator<String> edit, String after) {
    return Arguments.of(Named.of(name, before), edit, after);
  }

  static String crlf(String text) {
    return text.replace("\n", "\r\n");
  }
}
