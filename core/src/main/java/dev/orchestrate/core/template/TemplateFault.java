package dev.orchestrate.core.template;

/**
 * A failure raised inside Jinjava (by a filter, a test, a lookup or an undefined value) whose
 * message is written for the user. Jinjava records what is thrown inside it as a template error;
 * {@link Templar} finds this exception among the causes and reports its message.
 */
final class TemplateFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TemplateFault(String message) {
    super(message);
  }

  TemplateFault(String message, Throwable cause) {
    super(message, cause);
  }
}
