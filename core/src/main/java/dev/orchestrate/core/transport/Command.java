package dev.orchestrate.core.transport;

import static java.util.Objects.requireNonNull;

import dev.orchestrate.core.topology.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shell command to run on one host, and how: its standard input, the secrets it needs as
 * environment variables, how long it may take, and who hears its output.
 *
 * <p>{@code script} is POSIX {@code sh}; build it with {@link Shell#quote} so every path and value
 * arrives intact. Secrets never become part of the script: a transport hands them to the remote
 * shell through its standard input, where {@code ps} cannot see them.
 *
 * @param captureLimit how many characters of each stream the {@link CommandResult} keeps; the
 *     listener hears everything
 */
public record Command(
    String script,
    Map<String, Secret> secrets,
    Optional<byte[]> stdin,
    Duration timeout,
    OutputListener listener,
    int captureLimit) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  public static final int DEFAULT_CAPTURE_LIMIT = 1 << 20;
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public Command {
    requireNonNull(script, "script");
    secrets = Map.copyOf(secrets);
    secrets.keySet().forEach(name -> {
      if (!VARIABLE.matcher(name).matches()) {
        throw new IllegalArgumentException("'" + name + "' is not a valid environment variable name");
      }
    });
    requireNonNull(stdin, "stdin");
    requireNonNull(timeout, "timeout");
    requireNonNull(listener, "listener");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a command needs a positive timeout, got " + timeout);
    }
    if (captureLimit < 0) {
      throw new IllegalArgumentException("captureLimit must be 0 or more, got " + captureLimit);
    }
  }

  /** {@code script} with no input, no secrets, the default timeout, its output only captured. */
  public static Command of(String script) {
    return new Command(script, Map.of(), Optional.empty(), DEFAULT_TIMEOUT, OutputListener.IGNORE, DEFAULT_CAPTURE_LIMIT);
  }

  public Command withTimeout(Duration limit) {
    return new Command(script, secrets, stdin, limit, listener, captureLimit);
  }

  public Command withStdin(byte[] input) {
    return new Command(script, secrets, Optional.of(input.clone()), timeout, listener, captureLimit);
  }

  /** Adds {@code secret} to the command's environment as {@code name}. */
  public Command withSecret(String name, Secret secret) {
    Map<String, Secret> more = new LinkedHashMap<>(secrets);
    more.put(name, secret);
    return new Command(script, more, stdin, timeout, listener, captureLimit);
  }

  public Command withListener(OutputListener output) {
    return new Command(script, secrets, stdin, timeout, output, captureLimit);
  }

  public Command withCaptureLimit(int characters) {
    return new Command(script, secrets, stdin, timeout, listener, characters);
  }

  /** The script, shortened for messages; never holds a secret, since secrets are not part of it. */
  public String describe() {
    String oneLine = script.replace('\n', ' ');
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }

  @Override
  public String toString() {
    return "Command[" + describe() + ", secrets=" + secrets.keySet() + ", timeout=" + timeout + "]";
  }
}
