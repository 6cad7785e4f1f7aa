package dev.orchestrate.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Replaces every secret of a run by {@code <secret>} in text bound for a log, an event, the
 * journal or a report. Secrets are never meant to reach those; this is the second line, for a
 * command that prints a file it should not have. A secret written over several lines (a license
 * key) is also caught line by line, as a file would hold it.
 */
public final class Redactor implements UnaryOperator<String> {
  public static final String MASK = "<secret>";
  /** Lines shorter than this are not secrets on their own, and masking them would garble text. */
  private static final int SHORTEST_LINE = 12;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> needles;

  private Redactor(List<String> needles) {
    this.needles = needles;
  }

  public static Redactor of(List<String> secrets) {
    List<String> needles = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isBlank()) {
        continue;
      }
      needles.add(secret);
      needles.add(secret.strip());
      for (String line : secret.split("\\R")) {
        if (line.strip().length() >= SHORTEST_LINE) {
          needles.add(line.strip());
        }
      }
      // As JSON writes it: a secret with quotes or control characters appears escaped in events and journals.
      needles.add(asJson(secret));
    }
    needles.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(needles.stream().distinct().filter(n -> !n.isBlank()).toList()));
  }

  private static String asJson(String secret) {
    try {
      String quoted = JSON.writeValueAsString(secret);
      return quoted.substring(1, quoted.length() - 1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Redactor none() {
    return new Redactor(List.of());
  }

  @Override
  public String apply(String text) {
    if (text == null || needles.isEmpty()) {
      return text;
    }
    String result = text;
    for (String needle : needles) {
      if (result.contains(needle)) {
        result = result.replace(needle, MASK);
      }
    }
    return result;
  }
}
