package dev.orchestrate.core.template;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** A Jinja test ({@code x is failed}) Ansible has and Jinjava lacks or does differently. */
record AnsibleTest(String name, boolean takesUndefined, BiPredicate<Object, Arguments> body) implements ExpTest {
  AnsibleTest {
    requireNonNull(name, "name");
    requireNonNull(body, "body");
  }

  static AnsibleTest of(String name, BiPredicate<Object, Arguments> body) {
    return new AnsibleTest(name, false, body);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... arguments) {
    Strictness.refuseUndefined(takesUndefined ? null : value, arguments);
    return body.test(value, arguments(arguments == null ? List.of() : Arrays.asList(arguments)));
  }

  /**
   * Jinjava reads {@code x is match('a', ignorecase=true)} as one tuple argument holding the
   * arguments, named ones as {@link NamedParameter}s. None of these tests takes a list as its
   * first argument, so a single list is spread back into arguments.
   */
  private static Arguments arguments(List<Object> given) {
    List<?> spread = given.size() == 1 && given.get(0) instanceof List<?> tuple ? tuple : given;
    List<Object> positional = new ArrayList<>();
    Map<String, Object> named = new LinkedHashMap<>();
    for (Object argument : spread) {
      if (argument instanceof NamedParameter parameter) {
        named.put(parameter.getName(), parameter.getValue());
      } else {
        positional.add(argument);
      }
    }
    positional.forEach(Strictness::refuseUndefined);
    named.values().forEach(Strictness::refuseUndefined);
    return new Arguments(positional, named);
  }
}
