package dev.orchestrate.core.journal;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.ExitCode;
import dev.orchestrate.core.OrchestrateException;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import dev.orchestrate.core.transport.Transport;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One apply or rollback per cluster at a time, held on the cluster ({@link ClusterState}), not
 * on the machine that runs the command: {@code mkdir} of the lock folder is atomic on the host,
 * so of two runs from two machines exactly one gets it. The holder is written inside, so the one
 * refused can say who holds it.
 */
public final class ClusterLock implements AutoCloseable {
  /** Who holds the lock: enough for a person to find the run and judge whether it is gone. */
  public record Holder(String run, String command, String host, String user, long pid, Instant since) {
    public Holder {
      requireNonNull(run, "run");
      requireNonNull(command, "command");
      requireNonNull(host, "host");
      requireNonNull(user, "user");
      requireNonNull(since, "since");
    }

    /** This process, about to run {@code command} as run {@code run}. */
    public static Holder me(String run, String command) {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "unknown";
      }
      return new Holder(run, command, host, System.getProperty("user.name"), ProcessHandle.current().pid(), Instant.now());
    }

    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("run", run);
      map.put("command", command);
      map.put("host", host);
      map.put("user", user);
      map.put("pid", pid);
      map.put("since", since.toString());
      return map;
    }

    static Holder fromMap(Map<String, Object> map) {
      return new Holder(String.valueOf(map.getOrDefault("run", "?")), String.valueOf(map.getOrDefault("command", "?")),
          String.valueOf(map.getOrDefault("host", "?")), String.valueOf(map.getOrDefault("user", "?")),
          ((Number) map.getOrDefault("pid", -1)).longValue(), Instant.parse(String.valueOf(map.getOrDefault("since",
          Instant.EPOCH.toString()))));
    }

    /** True when the holder ran on this machine and its process no longer exists. */
    public boolean isGoneFromHere(String thisHost) {
      return host.equals(thisHost) && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    public String describe() {
      return "run " + run + " (orchestrate " + command + ") by " + user + "@" + host + ", pid " + pid + ", since " + since;
    }
  }

  private final Transport transport;
  private final ClusterState state;
  private final Holder holder;
  private boolean released;

  private ClusterLock(Transport transport, ClusterState state, Holder holder) {
    this.transport = transport;
    this.state = state;
    this.holder = holder;
  }

  /**
   * Takes the cluster's lock for {@code me}. A lock left by a process of this machine that no
   * longer exists is taken over, after {@code warn} has said so: that run is gone for certain. A
   * holder on another machine cannot be judged from here and needs {@code forceUnlock}.
   *
   * @param forceUnlock take over a lock held by another run, after {@code warn} has said whose
   * @throws OrchestrateException with exit code 5 naming the holder when another run holds it
   */
  public static ClusterLock acquire(Transport transport, ClusterState state, Holder me, boolean forceUnlock,
      Consumer<String> warn) {
    String lock = Shell.quote(state.lock().value());
    String script = "mkdir -p " + Shell.quote(state.directory().value()) + " || exit 3\n"
        + "if mkdir " + lock + " 2>/dev/null; then\n"
        + "  printf '%s\\n' " + Shell.quote(Json.line(me.toMap())) + " > " + lock + "/holder.json && sync " + lock
        + "/holder.json && echo ACQUIRED\n"
        + "else\n  cat " + lock + "/holder.json 2>/dev/null || echo '{}'\n  echo HELD\nfi\n";
    for (int attempt = 0; attempt < 2; attempt++) {
      CommandResult result = transport.run(state.host(), Command.of(script));
      if (!result.succeeded()) {
        throw new OrchestrateException(ExitCode.UNREACHABLE, "cannot take the cluster's lock in " + state.directory()
            + " on " + state.host().name() + ": " + result.stderr().strip());
      }
      if (result.stdout().contains("ACQUIRED")) {
        return new ClusterLock(transport, state, me);
      }
      Holder other = parseHolder(result.stdout());
      if (other.isGoneFromHere(me.host())) {
        warn.accept("taking over the cluster's lock from " + other.describe() + ": that process no longer runs on"
            + " this machine, so the run is gone (its journal stays, and is resumed or rolled back as usual)");
      } else if (forceUnlock) {
        warn.accept("taking over the cluster's lock from " + other.describe() + " (--force-unlock)");
      } else {
        throw new OrchestrateException(ExitCode.LOCKED, "the cluster is locked by " + other.describe() + " (lock "
            + state.describe() + "/lock). If that run is gone, take the lock over with --force-unlock (the journal of"
            + " that run stays).");
      }
      if (forceUnlock) {
        transport.run(state.host(), Command.of("rm -rf " + lock));
      } else {
        removeIfHeldBy(transport, state, other);
      }
    }
    throw new OrchestrateException(ExitCode.LOCKED, "another run took the cluster's lock while this one took it over");
  }

  /**
   * Removes the lock only while {@code holder} still holds it: of two runs on this machine taking
   * over the same stale lock, the second must not remove what the first has just taken. The rename is atomic;
   * the check before it leaves a window of one shell statement.
   */
  private static void removeIfHeldBy(Transport transport, ClusterState state, Holder holder) {
    String lock = Shell.quote(state.lock().value());
    String aside = Shell.quote(state.lock().value() + ".taken-over-" + holder.run());
    transport.run(state.host(), Command.of("grep -qF " + Shell.quote("\"run\":" + Json.string(holder.run())) + " "
        + lock + "/holder.json 2>/dev/null && mv " + lock + " " + aside + " && rm -rf " + aside + "; true"));
  }

  private static Holder parseHolder(String stdout) {
    String json = stdout.lines().filter(l -> l.startsWith("{")).findFirst().orElse("{}");
    try {
      return Holder.fromMap(Json.read(json));
    } catch (RuntimeException e) {
      return new Holder("unknown", "unknown", "unknown", "unknown", -1, Instant.EPOCH);
    }
  }

  public Holder holder() {
    return holder;
  }

  /** Releases the lock, if it is still ours (a --force-unlock elsewhere may have taken it). */
  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    String lock = Shell.quote(state.lock().value());
    transport.run(state.host(), Command.of("grep -qF " + Shell.quote("\"run\":" + Json.string(holder.run())) + " "
        + lock + "/holder.json 2>/dev/null && rm -rf " + lock + "; true"));
  }
}
