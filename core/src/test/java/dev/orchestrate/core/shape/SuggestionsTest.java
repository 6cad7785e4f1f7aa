package dev.orchestrate.core.shape;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS = List.of("installDir", "localHome", "sharedHome", "httpPort", "port");

  @Test
  void findsSwappedLettersCaseSlipsAndSmallTypos() {
    assertThat(Suggestions.nearest("shraedHome", KEYS)).contains("sharedHome");
    assertThat(Suggestions.nearest("sharedhome", KEYS)).contains("sharedHome");
    assertThat(Suggestions.nearest("localHom", KEYS)).contains("localHome");
    assertThat(Suggestions.nearest("prot", KEYS)).contains("port");
  }

  @Test
  void suggestsNothingForAWordThatIsFarFromEveryKey() {
    assertThat(Suggestions.nearest("colour", KEYS)).isEmpty();
    assertThat(Suggestions.nearest("x", KEYS)).isEmpty();
  }

  @Test
  void distanceCountsATranspositionAsOneEdit() {
    assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
  }
}
