package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.orchestrate.core.topology.Environment;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.lib.fn.Functions;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Ansible's {@code lookup} and {@code query} for the {@code env} and {@code file} plugins, the
 * {@code secret} function, and a strict {@code range}. Jinjava calls functions as static methods,
 * so the lookups find the {@link Templar} rendering on this thread through the render's root
 * context.
 */
final class Lookups {
  private final Environment environment;
  private final Path baseDirectory;

  Lookups(Environment environment, Path baseDirectory) {
    this.environment = environment;
    this.baseDirectory = baseDirectory;
  }

  /** Ansible's lookup: the terms' values joined by commas. */
  static String lookup(String plugin, Object... terms) {
    return current().values(plugin, terms).stream().collect(Collectors.joining(","));
  }

  /** Ansible's query: the terms' values as a list. */
  static List<String> query(String plugin, Object... terms) {
    return current().values(plugin, terms);
  }

  static String secret(String name) {
    try {
      return SecretReferences.reference(name);
    } catch (IllegalArgumentException e) {
      throw new TemplateFault(e.getMessage(), e);
    }
  }

  /** Jinja's range, refusing an undefined bound where Jinjava's would give an empty list. */
  static List<Integer> range(Object start, Object... rest) {
    Strictness.refuseUndefined(start, rest);
    return Functions.range(start, rest);
  }

  /** The functions, which Jinjava takes from the engine's global context rather than the render's. */
  static List<ELFunctionDefinition> functions() {
    return List.of(
        function("range", "range", Object.class, Object[].class),
        function("lookup", "lookup", String.class, Object[].class),
        function("query", "query", String.class, Object[].class),
        function("q", "query", String.class, Object[].class),
        function("secret", "secret", String.class));
  }

  /** These methods are not public, so they are made accessible for Jinjava to call them. */
  private static ELFunctionDefinition function(String name, String method, Class<?>... parameters) {
    try {
      Method target = Lookups.class.getDeclaredMethod(method, parameters);
      target.setAccessible(true);
      return new ELFunctionDefinition("", name, target);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> values(String plugin, Object[] terms) {
    List<String> values = new ArrayList<>(terms.length);
    for (Object term : terms) {
      if (term instanceof Undefined undefined) {
        throw undefined.failure();
      }
      String text = String.valueOf(term);
      values.add(switch (plugin) {
        case "env" -> environment.variable(text).orElse("");
        case "file" -> file(text);
        default -> throw new TemplateFault("lookup plugin '" + plugin + "' not found: use 'env' or 'file'");
      });
    }
    return values;
  }

  /** The file's text without its trailing whitespace, as Ansible's file lookup reads it. */
  private String file(String name) {
    Path path = baseDirectory.resolve(name);
    try {
      return Files.readString(path, StandardCharsets.UTF_8).stripTrailing();
    } catch (NoSuchFileException e) {
      throw new TemplateFault("could not find file '" + name + "' for lookup('file') in " + baseDirectory);
    } catch (IOException e) {
      throw new TemplateFault("could not read '" + path + "' for lookup('file'): " + e.getMessage(), e);
    }
  }

  private static Lookups current() {
    Context context = JinjavaInterpreter.getCurrent().getContext();
    while (!(context instanceof LibraryContext)) {
      context = context.getParent();
    }
    return ((LibraryContext) context).lookups();
  }
}
