package dev.orchestrate.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each form of a secret the redactor claims to catch, and the text it must leave alone. */
class RedactorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "s3cr3t-Pa55word";
  private static final String LICENSE = """
      AAABhw0ODAoPeNptkV1PgzAUhu/7
      K6jxnsOKxgsSL9Q0GGOMmdYYXZeH
      X02pi
      """;

  private static String json(Object value) throws Exception {
    return JSON.writeValueAsString(value);
  }

  @Test
  void theSecretItselfIsMaskedEveryTimeItAppears() {
    Redactor redactor = Redactor.of(List.of(PASSWORD));

    assertThat(redactor.apply("login with " + PASSWORD + " failed; retried " + PASSWORD + "."))
        .isEqualTo("login with <secret> failed; retried <secret>.");
  }

  @Test
  void aSecretReadWithItsTrailingLineBreakIsAlsoCaughtWithout() {
    Redactor redactor = Redactor.of(List.of("  " + PASSWORD + "\n"));

    assertThat(redactor.apply("password=" + PASSWORD + ";")).isEqualTo("password=<secret>;");
  }

  @Test
  void aLicenseOnSeveralLinesIsCaughtWholeAndLineByLineButItsShortLastLineIsNot() {
    Redactor redactor = Redactor.of(List.of(LICENSE));
    String[] lines = LICENSE.split("\n");

    assertThat(redactor.apply("license:\n" + LICENSE + "end")).isEqualTo("license:\n<secret>end");
    assertThat(redactor.apply("line 2 was " + lines[1] + " only")).isEqualTo("line 2 was <secret> only");
    assertThat(redactor.apply("first " + lines[0] + " then " + lines[1]))
        .isEqualTo("first <secret> then <secret>");
    assertThat(redactor.apply("X02pi is a short word")).as("a line too short to be a secret on its own")
        .isEqualTo("X02pi is a short word");
  }

  @Test
  void aSecretIsCaughtAsJsonWritesIt() throws Exception {
    String quoted = "pa\"ss\\wo\nrd-with-more";
    String tabbed = "pass\tword-0123456";
    Redactor redactor = Redactor.of(List.of(quoted, tabbed, LICENSE));

    for (String secret : List.of(quoted, tabbed, LICENSE)) {
      String line = json(Map.of("stdout", "before " + secret + " after"));
      assertThat(redactor.apply(line)).as("%s", line).isEqualTo(json(Map.of("stdout", "before " + Redactor.MASK
          + " after")));
    }
  }

  @Test
  void textWithoutSecretsIsLeftAsItIs() {
    Redactor redactor = Redactor.of(Arrays.asList(PASSWORD, null, "", "   ", LICENSE));
    String text = "node1: Confluence RUNNING after 42 s; password set; license checked\n";

    assertThat(redactor.apply(text)).isEqualTo(text);
    assertThat(redactor.apply(null)).isNull();
    assertThat(Redactor.none().apply(PASSWORD)).isEqualTo(PASSWORD);
    assertThat(Redactor.of(List.of()).apply(PASSWORD)).isEqualTo(PASSWORD);
  }

  @Test
  void theLongerOfTwoOverlappingSecretsIsMaskedWhole() {
    Redactor redactor = Redactor.of(List.of("token-1234567890", "token-1234567890-extended"));

    assertThat(redactor.apply("x token-1234567890-extended y")).isEqualTo("x <secret> y");
  }
}
