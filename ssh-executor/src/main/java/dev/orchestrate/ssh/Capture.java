package dev.orchestrate.ssh;

import dev.orchestrate.core.transport.OutputListener;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One output stream of one command: passes every line to the command's listener, keeps the
 * start of the stream up to a limit, and the last lines for messages. Memory stays bounded
 * whatever the command prints.
 */
final class Capture implements LineSplitter.Sink {
  private static final int LAST_LINES = 20;

  private final OutputListener listener;
  private final OutputListener.Stream stream;
  private final int limit;
  private final StringBuilder kept = new StringBuilder();
  private final Deque<String> last = new ArrayDeque<>();
  private boolean truncated;

  Capture(OutputListener listener, OutputListener.Stream stream, int limit) {
    this.listener = listener;
    this.stream = stream;
    this.limit = limit;
  }

  @Override
  public synchronized void line(String line) {
    listener.line(stream, line);
    int room = limit - kept.length();
    if (room >= line.length() + 1) {
      kept.append(line).append('\n');
    } else {
      kept.append(line, 0, Math.max(0, Math.min(room, line.length())));
      truncated = true;
    }
    if (last.size() == LAST_LINES) {
      last.removeFirst();
    }
    last.addLast(line);
  }

  synchronized String text() {
    return kept.toString();
  }

  synchronized boolean truncated() {
    return truncated;
  }

  synchronized List<String> lastLines() {
    return List.copyOf(last);
  }
}
