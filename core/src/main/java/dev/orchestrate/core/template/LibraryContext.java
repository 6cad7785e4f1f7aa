package dev.orchestrate.core.template;

import com.google.common.collect.SetMultimap;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.util.ScopeMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The root of every render's context: Jinjava's filters, tests and functions made strict, with
 * Ansible's added. One is built per {@link Templar} and shared by all its renders, on any
 * thread, so it never changes after construction: Jinjava's bookkeeping, which each context
 * passes up to its parent, stops here.
 */
final class LibraryContext extends Context {
  /** These read other templates through Jinjava's class-path locator: nothing a playbook value needs. */
  static final Map<Library, Set<String>> DISABLED = Map.of(Library.TAG, Set.of("include", "import", "from", "extends"));

  private static final Set<String> NONE = Set.of("none", "None");

  private final Lookups lookups;

  LibraryContext(Lookups lookups) {
    super(null, null, DISABLED, true);
    this.lookups = lookups;
    List.copyOf(getAllFilters()).forEach(filter -> registerFilter(new StrictFilter(filter)));
    List.copyOf(getAllExpTests()).forEach(test -> registerExpTest(new StrictTest(test)));
    AnsibleFilters.all().forEach(this::registerFilter);
    AnsibleTests.all().forEach(this::registerExpTest);
    setDynamicVariableResolver(LibraryContext::undefinedUnlessBound);
    setExpressionStrategy(new PythonText());
  }

  /** Every render's context reaches this one last, so a filter not found here does not exist. */
  @Override
  public Filter getFilter(String name) {
    Filter filter = super.getFilter(name);
    if (filter == null) {
      throw new TemplateFault("no filter named '" + name + "'");
    }
    return filter;
  }

  @Override
  public ExpTest getExpTest(String name) {
    ExpTest test = super.getExpTest(name);
    if (test == null) {
      throw new TemplateFault("no test named '" + name + "'");
    }
    return test;
  }

  Lookups lookups() {
    return lookups;
  }

  /**
   * A name not in scope is undefined; one bound to None (null) is defined, and so is Jinja's
   * {@code none}, which Jinjava does not know (it knows {@code null}, {@code True}, {@code False}).
   */
  private static Object undefinedUnlessBound(String name) {
    if (NONE.contains(name)) {
      return null;
    }
    for (ScopeMap<String, Object> scope = JinjavaInterpreter.getCurrent().getContext(); scope != null;
        scope = scope.getParent()) {
      if (scope.getScope().containsKey(name)) {
        return null;
      }
    }
    return Undefined.variable(name);
  }

  @Override
  public void addResolvedExpression(String expression) {}

  @Override
  public void addResolvedValue(String value) {}

  @Override
  public void addResolvedFunction(String function) {}

  @Override
  public void addDependency(String type, String identification) {}

  @Override
  public void addDependencies(SetMultimap<String, String> dependencies) {}
}
