package dev.orchestrate.ssh;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a test server needs: where to listen, whose keys to accept, a directory of its own, and
 * optionally a PATH for its commands (to take sudo away, or put a stand-in before it) and more
 * environment for every session (what a sandbox host's simulators read).
 */
public record ServerSpec(String address, Path authorizedKeys, Path directory, Optional<String> path,
    Map<String, String> variables, Optional<String> mounts) {
  public ServerSpec {
    path = path == null ? Optional.empty() : path;
    variables = Map.copyOf(variables == null ? Map.of() : variables);
    mounts = mounts == null ? Optional.empty() : mounts;
  }

  ServerSpec withPath(String commandPath) {
    return new ServerSpec(address, authorizedKeys, directory, Optional.of(commandPath), variables, mounts);
  }

  /** Every session starts with these variables set (sshd's SetEnv; no spaces in values). */
  public ServerSpec withVariables(Map<String, String> more) {
    return new ServerSpec(address, authorizedKeys, directory, path, more, mounts);
  }

  /**
   * The server runs in a mount namespace of its own (root only), set up by {@code script} (e.g.
   * {@code mount --bind}s) before sshd starts: a host with its own view of the same paths.
   */
  public ServerSpec withMounts(String script) {
    return new ServerSpec(address, authorizedKeys, directory, path, variables, Optional.of(script));
  }

  /**
   * As root, the login's shell start-up files ({@code .bashrc}, {@code .profile},
   * {@code .bash_profile} in sshd's home) are empty inside the server's mount namespace; as anyone
   * else, nothing changes. sshd runs them for every session, and a machine's own can be slow (this
   * machine's root runs pyenv init, about half a second): a benchmark or a test comparing tools
   * that open sessions at different rates would otherwise measure those files.
   */
  public ServerSpec withEmptyStartupFiles() {
    if (!System.getProperty("user.name").equals("root")) {
      return this;
    }
    String empty = directory.toAbsolutePath().resolve("empty-startup-file").toString();
    String script = ": > '" + empty + "'\n"
        + "for f in \"$HOME/.bashrc\" \"$HOME/.profile\" \"$HOME/.bash_profile\"; do\n"
        + "  [ ! -f \"$f\" ] || mount --bind '" + empty + "' \"$f\"\n"
        + "done";
    return withMounts(mounts.map(before -> before + "\n" + script).orElse(script));
  }

  public static ServerSpec of(String address, Path authorizedKeys, Path directory) {
    return new ServerSpec(address, authorizedKeys, directory, Optional.empty(), Map.of(), Optional.empty());
  }

  Map<String, String> environment() {
    Map<String, String> all = new LinkedHashMap<>(variables);
    path.ifPresent(p -> all.put("PATH", p));
    return all;
  }
}
