package dev.orchestrate.core.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RemotePathTest {
  @Test
  void normalizesRepeatedAndTrailingSlashes() {
    assertThat(RemotePath.of("/opt//atlassian/confluence/").value()).isEqualTo("/opt/atlassian/confluence");
    assertThat(RemotePath.of("/").isRoot()).isTrue();
  }

  @Test
  void refusesRelativePathsDotSegmentsAndControlCharacters() {
    assertThatIllegalArgumentException().isThrownBy(() -> RemotePath.of("opt/x")).withMessageContaining("absolute");
    assertThatIllegalArgumentException().isThrownBy(() -> RemotePath.of("/opt/../x")).withMessageContaining("'..'");
    assertThatIllegalArgumentException().isThrownBy(() -> RemotePath.of("/opt/./x")).withMessageContaining("'.'");
    assertThatIllegalArgumentException().isThrownBy(() -> RemotePath.of("/opt/x\ny")).withMessageContaining("control");
  }

  @Test
  void keepsSpacesQuotesAndDollarSigns() {
    assertThat(RemotePath.of("/data/my home/it's $HOME").value()).isEqualTo("/data/my home/it's $HOME");
  }

  @Test
  void insideMeansStrictlyBelowAWholeSegment() {
    RemotePath home = RemotePath.of("/var/confluence");

    assertThat(RemotePath.of("/var/confluence/shared-home").isInside(home)).isTrue();
    assertThat(RemotePath.of("/var/confluence-shared").isInside(home)).as("a sibling sharing a prefix").isFalse();
    assertThat(home.isInside(home)).isFalse();
    assertThat(home.isSameOrInside(home)).isTrue();
    assertThat(home.isInside(RemotePath.of("/"))).isTrue();
  }

  @Test
  void resolvesChildren() {
    assertThat(RemotePath.of("/var/confluence").resolve("shared-home/config").value())
        .isEqualTo("/var/confluence/shared-home/config");
  }
}
