package dev.orchestrate.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private final List<String> lines = new ArrayList<>();

  private void feedInPieces(String text, int piece) {
    LineSplitter splitter = new LineSplitter(lines::add, 16);
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += piece) {
      splitter.write(bytes, i, Math.min(piece, bytes.length - i));
    }
    splitter.finish();
  }

  @Test
  void splitsOnLineBreaksWhereverTheChunksEnd() {
    for (int piece = 1; piece <= 7; piece++) {
      lines.clear();
      feedInPieces("one\ntwo\r\n\nfour", piece);
      assertThat(lines).as("in pieces of %d bytes", piece).containsExactly("one", "two", "", "four");
    }
  }

  @Test
  void cutsALineLongerThanTheLimitIntoPieces() {
    feedInPieces("0123456789abcdefXYZ\nok\n", 5);

    assertThat(lines).containsExactly("0123456789abcdef", "XYZ", "ok");
  }

  @Test
  void keepsMultibyteCharactersWhole() throws IOException {
    new LineSplitter(lines::add).drain(new ByteArrayInputStream("été ✓\nnaïve".getBytes(StandardCharsets.UTF_8)));

    assertThat(lines).containsExactly("été ✓", "naïve");
  }

  @Test
  void anEmptyStreamHasNoLines() throws IOException {
    new LineSplitter(lines::add).drain(new ByteArrayInputStream(new byte[0]));

    assertThat(lines).isEmpty();
  }
}
