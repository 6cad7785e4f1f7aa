package dev.orchestrate.core.diagnostic;

/** A place in a text file: line and column, both counted from 1 as editors and compilers do. */
public record SourcePosition(int line, int column) implements Comparable<SourcePosition> {
  /** The first character of a file: where problems about the file as a whole are reported. */
  public static final SourcePosition START = new SourcePosition(1, 1);

  public SourcePosition {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column count from 1, got " + line + ":" + column);
    }
  }

  @Override
  public int compareTo(SourcePosition other) {
    int byLine = Integer.compare(line, other.line);
    return byLine != 0 ? byLine : Integer.compare(column, other.column);
  }

  @Override
  public String toString() {
    return line + ":" + column;
  }
}
