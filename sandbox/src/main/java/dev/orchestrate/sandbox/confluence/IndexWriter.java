package dev.orchestrate.sandbox.confluence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Writes {@code <local home>/index} as Lucene does while Confluence runs: documents appended to
 * the newest segment, and now and then a commit that starts a new segment, replaces the commit
 * point {@code segments_N} and deletes the oldest segment. A copy of the directory taken meanwhile
 * mixes generations, as a copy of a live Confluence index does. Bounded: at most
 * {@value #SEGMENTS_KEPT} small segments live at once.
 */
final class IndexWriter {
  static final int SEGMENTS_KEPT = 4;
  private static final int DOCUMENTS_PER_SEGMENT = 10;

  private final Path index;
  private long generation;
  private int documents;

  IndexWriter(Path index) {
    this.index = index;
    this.generation = lastCommit(index);
  }

  long generation() {
    return generation;
  }

  /** Indexes one document. A write that fails is dropped: a busy disk slows Confluence, it does not stop it. */
  void add(String document) {
    try {
      Files.createDirectories(index);
      Files.writeString(segment(generation), document + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      if (++documents % DOCUMENTS_PER_SEGMENT == 0) {
        commit();
      }
    } catch (IOException e) {
      // Dropped, as said above.
    }
  }

  private void commit() throws IOException {
    long next = generation + 1;
    Files.writeString(segment(next), "", StandardCharsets.UTF_8, StandardOpenOption.CREATE);
    StringBuilder live = new StringBuilder();
    for (long g = Math.max(0, next - SEGMENTS_KEPT + 1); g <= next; g++) {
      live.append(segment(g).getFileName()).append('\n');
    }
    Files.writeString(index.resolve("segments_" + Long.toString(next, Character.MAX_RADIX)), live,
        StandardCharsets.UTF_8);
    Files.deleteIfExists(index.resolve("segments_" + Long.toString(generation, Character.MAX_RADIX)));
    Files.deleteIfExists(segment(next - SEGMENTS_KEPT));
    generation = next;
  }

  private Path segment(long g) {
    return index.resolve("_" + Long.toString(g, Character.MAX_RADIX) + ".cfs");
  }

  /** The generation of the newest commit point left by an earlier run (or the installer), so a restart goes on from it. */
  private static long lastCommit(Path index) {
    if (!Files.isDirectory(index)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(index)) {
      return files.map(p -> p.getFileName().toString())
          .filter(name -> name.matches("segments_[0-9a-z]+"))
          .mapToLong(name -> Long.parseLong(name.substring("segments_".length()), Character.MAX_RADIX))
          .max().orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }
}
