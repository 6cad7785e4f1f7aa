package dev.orchestrate.core.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An absolute POSIX path on a node. Kept apart from {@link java.nio.file.Path}, which names files
 * of the machine running orchestrate, so the two can never be mixed up.
 *
 * <p>Paths are stored normalized ({@code /opt//x/} becomes {@code /opt/x}); {@code .} and {@code
 * ..} are refused rather than resolved, because a tool that moves and deletes directories should
 * act on exactly the path a person wrote.
 */
public record RemotePath(String value) {
  public RemotePath {
    problem(value).ifPresent(p -> {
      throw new IllegalArgumentException("'" + value + "' " + p);
    });
    if (!value.equals(normalize(value))) {
      throw new IllegalArgumentException("'" + value + "' is not normalized; use RemotePath.of");
    }
  }

  /** Normalizes {@code text} and wraps it; throws {@link IllegalArgumentException} naming what is wrong. */
  public static RemotePath of(String text) {
    problem(text).ifPresent(p -> {
      throw new IllegalArgumentException("'" + text + "' " + p);
    });
    return new RemotePath(normalize(text));
  }

  /** What keeps {@code text} from being a path on a node, as the end of a sentence, or empty when it is fine. */
  public static Optional<String> problem(String text) {
    if (!text.startsWith("/")) {
      return Optional.of("is not an absolute path (it must start with /)");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        return Optional.of("holds a control character (such as a newline or tab)");
      }
    }
    for (String segment : text.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("holds a '" + segment + "' segment; write the path without it");
      }
    }
    return Optional.empty();
  }

  private static String normalize(String text) {
    List<String> segments = new ArrayList<>();
    for (String segment : text.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return "/" + String.join("/", segments);
  }

  public boolean isRoot() {
    return value.equals("/");
  }

  /** This path with {@code relative} (one or more segments) below it. */
  public RemotePath resolve(String relative) {
    return RemotePath.of(value + "/" + relative);
  }

  /** True when this path lies strictly below {@code other}. */
  public boolean isInside(RemotePath other) {
    return other.isRoot() ? !isRoot() : value.startsWith(other.value + "/");
  }

  /** True when this path is {@code other} or lies below it. */
  public boolean isSameOrInside(RemotePath other) {
    return equals(other) || isInside(other);
  }

  @Override
  public String toString() {
    return value;
  }
}
