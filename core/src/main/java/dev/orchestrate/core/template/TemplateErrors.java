package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.TemplateError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a Jinjava error means, in the words Ansible users know. */
final class TemplateErrors {
  private TemplateErrors() {}

  private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Could not resolve function '(.*)'");

  static String reason(TemplateError error) {
    return fault(error.getException()).orElseGet(() -> plain(error.getMessage()));
  }

  static String reason(RuntimeException exception) {
    return fault(exception).orElseGet(() -> plain(String.valueOf(exception.getMessage())));
  }

  /** Jinjava's message in Ansible's words where they differ, without the Java cause it appends. */
  private static String plain(String message) {
    String firstLine = message.lines().findFirst().orElse(message);
    Matcher function = UNKNOWN_FUNCTION.matcher(firstLine);
    return function.matches() ? "no function named '" + function.group(1) + "'" : firstLine;
  }

  private static Optional<String> fault(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof TemplateFault fault) {
        return Optional.of(fault.getMessage());
      }
      if (cause instanceof UnsupportedOperationException) {
        return Optional.of("a template cannot change the variables it is given: build a new value instead,"
            + " such as list + [item] or dict | combine({...})");
      }
    }
    return Optional.empty();
  }
}
