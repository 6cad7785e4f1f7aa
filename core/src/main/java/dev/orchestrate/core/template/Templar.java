package dev.orchestrate.core.template;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateError.ErrorType;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TextNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import dev.orchestrate.core.topology.Environment;
import dev.orchestrate.core.value.Values;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders playbook values as Ansible does: Jinja2 templates over the play's variables, strict
 * about undefined names, with Ansible's filters, tests and lookups. A value that is one {@code {{
 * expression }}} keeps the expression's type ({@code loop: "{{ groups['others'] }}"} is a list);
 * any other template renders to a string.
 *
 * <p>Safe for use by many threads at once. The first one a process creates costs about 200 ms
 * (loading Jinjava's classes), later ones about a millisecond; a render costs some microseconds.
 */
public final class Templar {
  private final Engine engine;
  private final LibraryContext library;

  /** A Jinjava and its settings. */
  private record Engine(StrictJinjava jinjava, JinjavaConfig config) {
    static Engine create() {
      JinjavaConfig config = JinjavaConfig.newBuilder()
          .withElResolver(new StrictResolver())
          .withNestedInterpretationEnabled(false)
          .withDisabled(LibraryContext.DISABLED)
          .withLocale(Locale.ROOT)
          .withTrimBlocks(true)
          .withLstripBlocks(false)
          .build();
      StrictJinjava jinjava = new StrictJinjava(config);
      Lookups.functions().forEach(jinjava::registerFunction);
      return new Engine(jinjava, config);
    }
  }

  private Templar(Engine engine, LibraryContext library) {
    this.engine = engine;
    this.library = library;
  }

  /**
   * A templar whose {@code lookup('env', ...)} reads {@code environment}'s variables and whose
   * {@code lookup('file', ...)} reads paths relative to {@code baseDirectory}, the playbook's folder.
   */
  public static Templar create(Environment environment, Path baseDirectory) {
    requireNonNull(environment, "environment");
    requireNonNull(baseDirectory, "baseDirectory");
    // Ansible's templar renders values and template files alike with trim_blocks on (the newline
    // after a block tag dropped) and lstrip_blocks off.
    return new Templar(Engine.create(), new LibraryContext(new Lookups(environment, baseDirectory)));
  }

  /**
   * The text of a template file as Ansible's {@code template} module renders it: trim_blocks on,
   * lstrip_blocks off, and the file's trailing newlines kept.
   *
   * @throws TemplateException naming what is wrong with the template
   */
  public String renderFile(String text, Map<String, Object> variables) {
    requireNonNull(text, "text");
    Scope scope = new Scope(requireNonNull(variables, "variables"));
    return keepTrailingNewlines(text, String.valueOf(interpret(text, scope, interpreter -> {
      Node root = interpreter.parse(text);
      failOnErrors(text, interpreter);
      return interpreter.render(root);
    })));
  }

  /** Jinja drops a template's last newline; Ansible puts back as many as the template ended with. */
  private static String keepTrailingNewlines(String template, String rendered) {
    int missing = trailingNewlines(template) - trailingNewlines(rendered);
    return missing > 0 ? rendered + "\n".repeat(missing) : rendered;
  }

  private static int trailingNewlines(String text) {
    int count = 0;
    while (count < text.length() && text.charAt(text.length() - 1 - count) == '\n') {
      count++;
    }
    return count;
  }

  /**
   * {@code value} with its templates rendered: a string is rendered, a map's values and a list's
   * elements are rendered in turn (a map's keys are not), anything else is returned as is. A string
   * holding no {@code {{} or {@code {%} is returned as is. A template that is one expression gives
   * the expression's value (a List, Map, Boolean, Long, Double, String or null); any other gives the
   * text, in which values print as Python prints them ({@code True}, {@code ['a', 'b']}).
   *
   * @throws TemplateException naming the template and what is wrong with it
   */
  public Object render(Object value, Map<String, Object> variables) {
    return render(value, new Scope(requireNonNull(variables, "variables")));
  }

  private Object render(Object value, Scope scope) {
    if (value instanceof String text) {
      return isTemplate(text) ? renderTemplate(text, scope) : text;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> rendered = new LinkedHashMap<>();
      map.forEach((key, item) -> rendered.put(key, render(item, scope)));
      return Collections.unmodifiableMap(rendered);
    }
    if (value instanceof List<?> list) {
      List<Object> rendered = new ArrayList<>(list.size());
      list.forEach(item -> rendered.add(render(item, scope)));
      return Collections.unmodifiableList(rendered);
    }
    return value;
  }

  /**
   * Whether a {@code when:}, {@code failed_when:}, {@code changed_when:} or {@code until:} holds: a
   * bare expression ({@code result.rc == 0}, {@code x is defined}), a boolean, or a list of these
   * that must all hold. A string result is read as Ansible's {@code bool}: "yes", "true", "1" hold,
   * "", "no", "false", "0" do not. A null condition does not hold.
   *
   * @throws TemplateException naming the condition and what is wrong with it
   */
  public boolean test(Object condition, Map<String, Object> variables) {
    return test(condition, new Scope(requireNonNull(variables, "variables")));
  }

  private boolean test(Object condition, Scope scope) {
    if (condition instanceof List<?> all) {
      return all.stream().allMatch(each -> test(each, scope));
    }
    if (condition instanceof String text) {
      if (text.isBlank()) {
        throw new TemplateException(text, "the condition is empty: write an expression such as result.rc == 0");
      }
      return Values.truthy(isTemplate(text) ? renderTemplate(text, scope) : evaluate(text, scope));
    }
    return Values.truthy(condition);
  }

  /**
   * The value of a bare expression, without braces: {@code groups['confluence'] | length}.
   *
   * @throws TemplateException naming the expression and what is wrong with it
   */
  public Object evaluate(String expression, Map<String, Object> variables) {
    requireNonNull(expression, "expression");
    return evaluate(expression, new Scope(requireNonNull(variables, "variables")));
  }

  private Object evaluate(String expression, Scope scope) {
    return interpret(expression, scope, interpreter -> interpreter.resolveELExpression(expression, 1));
  }

  /**
   * A template that is one expression keeps the expression's type. With whitespace around it
   * ({@code "{{ x }}\n"}), Ansible's result is the text, whitespace and all, unless it starts
   * with the expression and that is a list or a dict (which Ansible reads back from the text).
   */
  private Object renderTemplate(String template, Scope scope) {
    String text = literalBackslashes(template);
    Object rendered = interpret(template, scope, interpreter -> {
      Node root = interpreter.parse(text);
      failOnErrors(template, interpreter);
      Optional<String> expression = singleExpression(root);
      if (expression.isPresent()) {
        Object value = interpreter.resolveELExpression(expression.get(), 1);
        boolean bare = template.strip().equals(template);
        boolean container = template.startsWith("{{") && (value instanceof Map<?, ?> || value instanceof List<?>);
        if (bare || container) {
          return value;
        }
      }
      return interpreter.render(root);
    });
    return rendered instanceof String string ? keepTrailingNewlines(template, string) : rendered;
  }

  /**
   * Ansible reads a backslash in a string literal inside a value's {@code {{ }}} as itself:
   * {@code regex_search('\d+')} searches for digits, and {@code '\\d'} is two backslashes and a
   * d. Jinjava reads escapes there (and refuses {@code \d}), so each such backslash is doubled
   * before Jinjava reads it. Template files and {@code {% %}} tags keep Jinja's escapes, as in
   * Ansible.
   */
  static String literalBackslashes(String template) {
    if (template.indexOf('\\') < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 8);
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf("{{", at);
      if (open < 0) {
        return out.append(template, at, template.length()).toString();
      }
      out.append(template, at, open + 2);
      at = open + 2;
      char quote = 0;
      while (at < template.length() && (quote != 0 || !template.startsWith("}}", at))) {
        char c = template.charAt(at);
        if (quote == 0 && (c == '\'' || c == '"')) {
          quote = c;
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else if (quote != 0 && c == '\\') {
          out.append('\\');
        }
        out.append(c);
        at++;
      }
    }
    return out.toString();
  }

  private Object interpret(String template, Scope scope, Function<JinjavaInterpreter, Object> work) {
    Context context = new Context(library, scope.readOnly(), LibraryContext.DISABLED);
    JinjavaInterpreter interpreter = new JinjavaInterpreter(engine.jinjava(), context, engine.config());
    try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
      Object result = work.apply(current.value());
      failOnErrors(template, current.value());
      return NativeValues.of(result);
    } catch (TemplateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TemplateException(template, TemplateErrors.reason(e), e);
    }
  }

  /** The expression of a template that is one {@code {{ }}} and whitespace, which keeps its native type. */
  private static Optional<String> singleExpression(Node root) {
    Node expression = null;
    for (Node child : root.getChildren()) {
      if (child instanceof ExpressionNode && expression == null) {
        expression = child;
      } else if (!(child instanceof TextNode && child.getMaster().getImage().isBlank())) {
        return Optional.empty();
      }
    }
    return Optional.ofNullable(expression).map(node -> ((ExpressionToken) node.getMaster()).getExpr());
  }

  private static void failOnErrors(String template, JinjavaInterpreter interpreter) {
    for (TemplateError error : interpreter.getErrors()) {
      if (error.getSeverity() == ErrorType.FATAL) {
        throw new TemplateException(template, TemplateErrors.reason(error), error.getException());
      }
    }
  }

  private static boolean isTemplate(String text) {
    return text.contains("{{") || text.contains("{%");
  }

  /**
   * One call's variables, wrapped read-only at its first template and not again for the others:
   * a task's arguments hold several templates, and the variables are many. Each render's context
   * copies the wrapped map, so sharing it is safe; a call is on one thread.
   */
  private static final class Scope {
    private final Map<String, Object> variables;
    private Map<String, Object> readOnly;

    Scope(Map<String, Object> variables) {
      this.variables = variables;
    }

    Map<String, Object> readOnly() {
      if (readOnly == null) {
        readOnly = ReadOnlyVariables.of(variables);
      }
      return readOnly;
    }
  }
}
