package dev.orchestrate.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into lines as it arrives, holding at most one line (or {@code longestLine}
 * bytes of it) in memory, so output of any size streams through. Lines are decoded as UTF-8;
 * a trailing carriage return is dropped.
 */
final class LineSplitter {
  /** Receives each line, without its line break. */
  @FunctionalInterface
  interface Sink {
    void line(String line);
  }

  static final int LONGEST_LINE = 64 * 1024;

  private final Sink sink;
  private final int longestLine;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

  LineSplitter(Sink sink) {
    this(sink, LONGEST_LINE);
  }

  LineSplitter(Sink sink, int longestLine) {
    this.sink = sink;
    this.longestLine = longestLine;
  }

  void write(byte[] bytes, int offset, int length) {
    int start = offset;
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      if (bytes[i] == '\n') {
        pending.write(bytes, start, i - start);
        emit();
        start = i + 1;
      } else if (pending.size() + (i - start + 1) >= longestLine) {
        pending.write(bytes, start, i - start + 1);
        emit();
        start = i + 1;
      }
    }
    pending.write(bytes, start, end - start);
  }

  /** The stream ended: a last line without a line break is still a line. */
  void finish() {
    if (pending.size() > 0) {
      emit();
    }
  }

  /** Reads {@code in} to its end, then {@link #finish()}es. */
  void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[32 * 1024];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      write(buffer, 0, n);
    }
    finish();
  }

  private void emit() {
    byte[] bytes = pending.toByteArray();
    pending.reset();
    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    sink.line(new String(bytes, 0, length, StandardCharsets.UTF_8));
  }
}
