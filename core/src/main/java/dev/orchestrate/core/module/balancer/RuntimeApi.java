package dev.orchestrate.core.module.balancer;

import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.CommandResult;
import dev.orchestrate.core.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * How a command line reaches HAProxy's runtime API from a shell on the balancer's host: a socket
 * file through socat, OpenBSD nc or python3 (whichever the host has), or {@code address:port}
 * through bash's {@code /dev/tcp}. The API's commands travel on standard input, never on a command
 * line; HAProxy answers and closes the connection, and the script ends the answer with a marker
 * line so that a missing tool or a refused socket is never mistaken for an empty answer.
 */
public final class RuntimeApi {
  public static final String END = "--orchestrate-runtime-api-end--";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String address;

  public RuntimeApi(String address) {
    this.address = address;
  }

  public String address() {
    return address;
  }

  boolean overTcp() {
    return !address.startsWith("/");
  }

  /** A command that sends {@code lines} (joined with "; ", HAProxy's separator) and prints the answer. */
  public Command send(String line) {
    return Command.of(script()).withStdin((line + "\n").getBytes(StandardCharsets.UTF_8)).withTimeout(TIMEOUT);
  }

  /** What HAProxy answered, when the command reached it: empty when the script failed or ended early. */
  public static Optional<String> answer(CommandResult result) {
    int end = result.stdout().lastIndexOf(END);
    return result.exitStatus() != 0 || end < 0 ? Optional.empty() : Optional.of(result.stdout().substring(0, end));
  }

  /** Why a command got no answer, for a message. */
  public static String failure(CommandResult result) {
    return result.stderr().isBlank() ? "exit status " + result.exitStatus() : result.stderr().strip();
  }

  private String script() {
    if (overTcp()) {
      int colon = address.lastIndexOf(':');
      String host = address.substring(0, colon);
      String port = address.substring(colon + 1);
      return "exec bash -c " + Shell.quote("exec 3<>/dev/tcp/" + host + "/" + port
          + " || { echo 'cannot connect to " + address + "' >&2; exit 3; }\n"
          + "cat >&3; cat <&3; echo " + END + "\n");
    }
    String socket = Shell.quote(address);
    return "s=" + socket + "\n"
        + "if [ ! -S \"$s\" ]; then echo \"no socket at $s (is HAProxy running with 'stats socket $s level admin'?)\" >&2;"
        + " exit 3; fi\n"
        + "if command -v socat >/dev/null 2>&1; then socat -t 5 - \"UNIX-CONNECT:$s\" || exit $?\n"
        + "elif nc -h 2>&1 | grep -q -- ' -U'; then nc -U \"$s\" || exit $?\n"
        + "elif command -v python3 >/dev/null 2>&1; then python3 -c " + Shell.quote(PYTHON) + " \"$s\" || exit $?\n"
        + "else echo 'neither socat, nc -U nor python3 is installed to reach the runtime API' >&2; exit 127; fi\n"
        + "echo " + END + "\n";
  }

  private static final String PYTHON = String.join("\n",
      "import socket, sys",
      "s = socket.socket(socket.AF_UNIX)",
      "s.connect(sys.argv[1])",
      "s.sendall(sys.stdin.buffer.read())",
      "while True:",
      "    b = s.recv(65536)",
      "    if not b:",
      "        break",
      "    sys.stdout.buffer.write(b)");
}
