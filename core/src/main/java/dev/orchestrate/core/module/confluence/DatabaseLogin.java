package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.confluence.RemoteScript.BadArgument;
import dev.orchestrate.core.template.SecretReferences;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Secret;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code preflight}'s {@code database_login} check: whether the database accepts Confluence's user
 * and password from this node, asked the way Confluence will ask it. The node's own Java (the
 * installation's {@code jre/}, else {@code JAVA_HOME}, else {@code java} on the PATH) runs {@link
 * DatabaseLoginProbe} with the JDBC drivers of {@code INSTALL/confluence/WEB-INF/lib}, so nothing is
 * installed on the node: the probe's class file arrives on the script's standard input, lands in a
 * private temporary directory, and is removed after.
 *
 * <p>The password is a secret reference ({@code "{{ secret('database_password') }}"}), revealed
 * only here, and reaches the probe as an environment variable of the command, never as an argument.
 * Messages name the node and the URL, with any password in the URL masked.
 */
final class DatabaseLogin {
  static final String ARGUMENT = "database_login";

  /** The variable {@link DatabaseLoginProbe} reads; written out because nothing may refer to that class. */
  private static final String PASSWORD_VARIABLE = "ORCHESTRATE_DATABASE_PASSWORD";
  private static final String PROBE = DatabaseLogin.class.getPackageName() + ".DatabaseLoginProbe";
  private static final String PROBE_FILE = PROBE.replace('.', '/') + ".class";
  private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)([?&;]password=)[^&;]*|(//[^/@:]*:)[^/@]*@");

  /**
   * {@code login INSTALL URL USER} prints {@code probe_java JAVA} and {@code probe LINE}: the
   * probe's line, or {@code nojava}, {@code nolib} or {@code notemp} when it could not run. A
   * subshell, so the umask that keeps the class file private stays inside it.
   */
  static final String FUNCTION = """
      login() (
        umask 077
        if [ -x "$1/jre/bin/java" ]; then java=$1/jre/bin/java
        elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java=$JAVA_HOME/bin/java
        elif java=$(command -v java); then :
        else echo "probe nojava"; exit; fi
        echo "probe_java $java"
        [ -d "$1/confluence/WEB-INF/lib" ] || { echo "probe nolib"; exit; }
        dir=$(mktemp -d) || { echo "probe notemp"; exit; }
        mkdir -p "$dir/%s" && cat > "$dir/%s" \\
          && said=$("$java" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData \\
            -cp "$dir:$1/confluence/WEB-INF/lib/*" %s "$2" "$3" 2>&1 </dev/null)
        rm -rf "$dir"
        # The JVM may print warnings of its own around the probe's one line: that line, if there is one.
        line=$(printf '%%s\\n' "$said" | grep -E '^(OK|NODRIVER|FAILED .*)$' | tail -n 1)
        printf 'probe %%s\\n' "$(printf '%%s' "${line:-$said}" | tr '\\n' ' ')"
      )
      """.formatted(PROBE_FILE.substring(0, PROBE_FILE.lastIndexOf('/')), PROBE_FILE, PROBE);

  private final String node;
  private final String url;
  private final String username;
  private final RemotePath install;
  private final Secret password;

  private DatabaseLogin(String node, String url, String username, RemotePath install, Secret password) {
    this.node = node;
    this.url = url;
    this.username = username;
    this.install = install;
    this.password = password;
  }

  /** The check {@code call} asks for, if any; a mistake in its argument is added to {@code mistakes}. */
  static Optional<DatabaseLogin> read(ModuleCall call, List<String> mistakes) {
    Object argument = call.arguments().get(ARGUMENT);
    if (argument == null) {
      return Optional.empty();
    }
    if (!(argument instanceof Map<?, ?> map) || !map.keySet().containsAll(List.of("url", "username", "password",
        "install_dir"))) {
      mistakes.add(ARGUMENT + " needs url, username, password and install_dir, such as {url: \"{{ database.url }}\","
          + " username: \"{{ database.username }}\", password: \"{{ secret('database_password') }}\", install_dir:"
          + " \"{{ node.installDir }}\"}");
      return Optional.empty();
    }
    String url = String.valueOf(map.get("url")).strip();
    String written = String.valueOf(map.get("password"));
    int before = mistakes.size();
    if (PASSWORD_IN_URL.matcher(url).find()) {
      mistakes.add(ARGUMENT + ": the URL " + masked(url) + " holds a password, which the probe's command line would"
          + " show to every user of the node; give the password in passwordEnv or passwordFile only");
    }
    if (!SecretReferences.containsReference(written)) {
      mistakes.add(ARGUMENT + ".password must be a secret reference, \"{{ secret('database_password') }}\", so the"
          + " password shows in no plan, log or journal");
    }
    RemotePath install = null;
    try {
      install = RemoteScript.path(String.valueOf(map.get("install_dir")), ARGUMENT + ".install_dir");
    } catch (BadArgument e) {
      mistakes.add(e.getMessage());
    }
    Secret password = null;
    try {
      password = new Secret(call.revealSecrets(written));
    } catch (IllegalArgumentException e) {
      mistakes.add(ARGUMENT + ".password: " + e.getMessage());
    }
    return mistakes.size() > before ? Optional.empty()
        : Optional.of(new DatabaseLogin(call.node(), url, String.valueOf(map.get("username")).strip(), install,
            password));
  }

  /** The line of the preflight script that runs the check. */
  String scriptLine() {
    return "login " + RemoteScript.quote(install) + " " + Shell.quote(url) + " " + Shell.quote(username) + "\n";
  }

  /** {@code command} with the probe as its input and the password in its environment. */
  Command carriedBy(Command command) {
    return command.withStdin(probeClass()).withSecret(PASSWORD_VARIABLE, password);
  }

  /** What is wrong, as the preflight script's {@code probe} lines tell it. */
  Optional<String> problem(Map<String, List<String>> facts, CommandResult result) {
    String said = RemoteScript.fact(facts, "probe", "");
    String java = RemoteScript.fact(facts, "probe_java", "java");
    String database = "the database " + masked(url);
    String problem;
    if (said.equals("OK")) {
      return Optional.empty();
    } else if (said.equals("nojava")) {
      problem = "cannot check the login to " + database + ": no Java here (neither " + install
          + "/jre/bin/java, nor JAVA_HOME, nor java on the PATH)";
    } else if (said.equals("nolib")) {
      problem = "cannot check the login to " + database + ": no Confluence installation at " + install
          + " to take the JDBC driver from (" + install + "/confluence/WEB-INF/lib does not exist)";
    } else if (said.equals("NODRIVER")) {
      problem = "cannot check the login to " + database + ": no JDBC driver in " + install
          + "/confluence/WEB-INF/lib takes this URL";
    } else if (said.startsWith("FAILED ")) {
      problem = refusal(database, said.substring(7));
    } else if (said.isEmpty() && !facts.containsKey("probe")) {
      problem = "could not check the login to " + database + ", " + RemoteScript.failure(result);
    } else if (said.equals("notemp")) {
      problem = "could not check the login to " + database + ": cannot make a temporary directory (mktemp -d)";
    } else {
      problem = "could not check the login to " + database + " with " + java + " (it needs Java 11 or newer): "
          + (said.isBlank() ? "it printed nothing" : said.strip());
    }
    return Optional.of(node + ": " + scrubbed(problem));
  }

  /** A refusal as the driver gave it, {@code STATE message}: a connection failure (08...), or the login refused. */
  private String refusal(String database, String stateAndMessage) {
    String[] parts = stateAndMessage.split(" ", 2);
    String message = parts.length > 1 ? parts[1].replaceFirst("^FATAL:\\s*", "") : "";
    return (parts[0].startsWith("08") ? "cannot connect to " + database : database + " refuses user " + username)
        + ": " + message + " (" + parts[0] + ")";
  }

  /** {@code text} without the password, whatever a driver chose to echo. */
  private String scrubbed(String text) {
    String value = password.reveal();
    return value.isEmpty() ? text : text.replace(value, "<secret>");
  }

  static String masked(String url) {
    return PASSWORD_IN_URL.matcher(url).replaceAll(m -> m.group(1) != null ? "$1<secret>" : "$2<secret>@");
  }

  private static byte[] probeClass() {
    try (InputStream in = DatabaseLogin.class.getClassLoader().getResourceAsStream(PROBE_FILE)) {
      if (in == null) {
        throw new IllegalStateException(PROBE_FILE + " is missing from orchestrate's own classes: the build is broken");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PROBE_FILE, e);
    }
  }
}
