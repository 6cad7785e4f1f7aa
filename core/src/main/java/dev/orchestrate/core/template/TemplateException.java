package dev.orchestrate.core.template;

import static java.util.Objects.requireNonNull;

/**
 * A template that cannot be rendered: an undefined variable or attribute, an unknown filter or
 * function, a syntax error, or a filter given what it cannot use. The message names the template
 * and says what is wrong, as Ansible's does.
 */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String template;
  private final String reason;

  TemplateException(String template, String reason) {
    this(template, reason, null);
  }

  TemplateException(String template, String reason, Throwable cause) {
    super("template error in '" + requireNonNull(template, "template") + "': " + requireNonNull(reason, "reason"),
        cause);
    this.template = template;
    this.reason = reason;
  }

  /** The template text as written. */
  public String template() {
    return template;
  }

  /** What is wrong, without the template: {@code 'foo' is undefined}. */
  public String reason() {
    return reason;
  }
}
