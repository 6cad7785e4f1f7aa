package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.CommandResult;
import java.time.Clock;
import java.util.Set;

/**
 * {@code preflight}: checks that a node is ready before anything is changed, and changes nothing.
 * Every argument is an optional list: {@code paths_exist}, {@code paths_absent}, {@code writable}
 * (a directory that is writable, or can be created because its nearest existing ancestor is),
 * {@code free_space} (maps of {@code path} and {@code bytes}, a number or a size such as {@code
 * 2GB}: free space on the filesystem that holds the path, or would hold it), {@code commands}
 * (found by {@code command -v}) and {@code ports_free} (nothing listens on them, read from
 * {@code /proc/net/tcp} and {@code tcp6}). {@code database_login} (a map of {@code url}, {@code
 * username}, {@code password} as {@code "{{ secret('database_password') }}"} and {@code
 * install_dir}) logs in to the database from the node, with the node's Java and Confluence's own
 * JDBC driver ({@link DatabaseLogin}). {@code clock_within} (seconds) checks that the node's clock
 * is within that many seconds of this machine's: the node's clock is read in the one script,
 * between two readings of this machine's, so nothing is carried from one task to another — a run
 * resumed minutes later compares readings taken together.
 *
 * <p>One script gathers every fact; the task fails listing every problem at once, one per line
 * ("needs 2.1 GB free at /data, has 1.0 GB"), so a person fixes them all before the next try.
 * Nothing to undo. {@link PreflightChecks} reads the arguments, writes the script and decides
 * what its output means, with no host.
 */
public final class PreflightModule implements Module {
  private final Clock clock;

  public PreflightModule() {
    this(Clock.systemUTC());
  }

  /** With {@code clock} as this machine's clock, for tests. */
  PreflightModule(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return "preflight";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("paths_exist", "paths_absent", "writable", "free_space", "commands", "ports_free", "address",
        DatabaseLogin.ARGUMENT, PreflightChecks.CLOCK);
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    PreflightChecks checks = PreflightChecks.read(call);
    if (!checks.mistakes().isEmpty()) {
      return ModuleResult.failed(String.join("\n", checks.mistakes()));
    }
    if (checks.count() == 0) {
      return ModuleResult.ok("nothing to check");
    }
    long before = clock.millis();
    CommandResult result = call.run(checks.command());
    long after = clock.millis();
    return checks.result(call.node(), result, before, after);
  }
}
