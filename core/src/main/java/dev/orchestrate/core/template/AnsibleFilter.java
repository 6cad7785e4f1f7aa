package dev.orchestrate.core.template;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * A filter Ansible has and Jinjava lacks or does differently. Only those that say so are given an
 * {@link Undefined} value ({@code default}, {@code mandatory}); the others never see one.
 */
record AnsibleFilter(String name, boolean takesUndefined, Body body) implements Filter {
  @FunctionalInterface
  interface Body {
    Object apply(Object value, Arguments arguments, JinjavaInterpreter interpreter);
  }

  AnsibleFilter {
    requireNonNull(name, "name");
    requireNonNull(body, "body");
  }

  static AnsibleFilter of(String name, Body body) {
    return new AnsibleFilter(name, false, body);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
    return filter(value, interpreter, arguments, Map.of());
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, Object[] arguments, Map<String, Object> named) {
    Strictness.refuseUndefined(takesUndefined ? null : value, arguments, named);
    return body.apply(value, Arguments.of(arguments, named), interpreter);
  }
}
