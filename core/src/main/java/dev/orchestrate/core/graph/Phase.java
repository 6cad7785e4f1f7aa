package dev.orchestrate.core.graph;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.playbook.Play;
import dev.orchestrate.core.playbook.Playbook;
import java.util.List;

/**
 * One play of one playbook as it will run: on which nodes, in which batches, and why it is in
 * the run at all.
 *
 * @param why what in the desired state or the facts calls for it; empty for a playbook run by hand
 */
public record Phase(int index, Playbook playbook, Play play, List<String> hosts, List<List<String>> batches, String why) {
  public Phase {
    requireNonNull(playbook, "playbook");
    requireNonNull(play, "play");
    hosts = List.copyOf(hosts);
    batches = batches.stream().map(List::copyOf).toList();
    requireNonNull(why, "why");
  }

  public String name() {
    return play.name();
  }
}
