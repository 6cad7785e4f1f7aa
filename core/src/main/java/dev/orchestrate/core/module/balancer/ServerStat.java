package dev.orchestrate.core.module.balancer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One server's line of HAProxy's {@code show stat}: its backend, its name, its status ({@code UP},
 * {@code DOWN}, {@code DRAIN}, {@code MAINT}, {@code UP 1/3}, {@code no check}...) and how many
 * sessions it has now ({@code scur}).
 */
public record ServerStat(String backend, String server, String status, int sessions) {

  /**
   * Whether the status says {@code word}. {@code UP} counts only when the last health check
   * passed too: {@code UP 1/2} is a server whose checks have started failing, still counted up.
   */
  public boolean is(String word) {
    if (word.equals("UP")) {
      return status.equals("UP") || status.equals("no check") || status.startsWith("UP") && !status.matches("UP \\d+/\\d+.*");
    }
    return status.contains(word);
  }

  /**
   * The servers in a {@code show stat} answer: the CSV whose header line starts {@code # pxname,};
   * the FRONTEND and BACKEND summary lines are left out.
   */
  public static List<ServerStat> parse(String answer) {
    List<String> header = List.of();
    List<ServerStat> servers = new ArrayList<>();
    for (String line : answer.lines().toList()) {
      if (line.startsWith("# ")) {
        header = Arrays.asList(line.substring(2).split(",", -1));
        continue;
      }
      if (header.isEmpty() || line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      Optional<String> backend = field(header, fields, "pxname");
      Optional<String> server = field(header, fields, "svname");
      if (backend.isEmpty() || server.isEmpty() || server.get().equals("FRONTEND") || server.get().equals("BACKEND")) {
        continue;
      }
      String sessions = field(header, fields, "scur").orElse("0");
      servers.add(new ServerStat(backend.get(), server.get(), field(header, fields, "status").orElse(""),
          sessions.matches("[0-9]+") ? Integer.parseInt(sessions) : 0));
    }
    return servers;
  }

  /** Whether {@code answer} is a {@code show stat} answer at all. */
  public static boolean isStatAnswer(String answer) {
    return answer.lines().anyMatch(l -> l.startsWith("# pxname,"));
  }

  private static Optional<String> field(List<String> header, String[] fields, String name) {
    int index = header.indexOf(name);
    return index < 0 || index >= fields.length ? Optional.empty() : Optional.of(fields[index]);
  }
}
