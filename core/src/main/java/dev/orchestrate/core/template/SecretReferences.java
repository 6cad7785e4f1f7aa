package dev.orchestrate.core.template;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets inside rendered text. A template's {@code secret('db_password')} renders to the
 * reference {@code ((secret:db_password))}, never to the value, so plans, logs and events show
 * only the name; the value is put in by {@link #reveal} at the last moment, where a command is
 * handed to a host.
 */
public final class SecretReferences {
  private static final Pattern NAME = Pattern.compile("[a-z_]+");
  private static final Pattern REFERENCE = Pattern.compile("\\(\\(secret:([a-z_]+)\\)\\)");

  private SecretReferences() {}

  /** The reference standing for secret {@code name}, which is lower-case letters and underscores. */
  public static String reference(String name) {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "secret name '" + name + "' is not valid: use lower-case letters and underscores, like db_password");
    }
    return "((secret:" + name + "))";
  }

  /**
   * {@code text} with every reference replaced by its secret's value, as {@code lookup} gives it.
   *
   * @throws IllegalArgumentException naming the first secret that {@code lookup} does not know
   */
  public static String reveal(String text, Function<String, Optional<String>> lookup) {
    requireNonNull(text, "text");
    requireNonNull(lookup, "lookup");
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder revealed = new StringBuilder(text.length());
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = lookup.apply(name)
          .orElseThrow(() -> new IllegalArgumentException("unknown secret '" + name + "'"));
      matcher.appendReplacement(revealed, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(revealed);
    return revealed.toString();
  }

  public static boolean containsReference(String text) {
    return REFERENCE.matcher(requireNonNull(text, "text")).find();
  }
}
