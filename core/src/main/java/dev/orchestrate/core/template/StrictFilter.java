package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import java.util.Map;

/** One of Jinjava's own filters, refusing an {@link Undefined} value or argument. */
final class StrictFilter implements Filter {
  private final Filter delegate;

  StrictFilter(Filter delegate) {
    this.delegate = delegate;
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, String... arguments) {
    Strictness.refuseUndefined(value);
    return delegate.filter(value, interpreter, arguments);
  }

  @Override
  public Object filter(Object value, JinjavaInterpreter interpreter, Object[] arguments, Map<String, Object> named) {
    Strictness.refuseUndefined(value, arguments, named);
    return delegate.filter(value, interpreter, arguments, named);
  }

  @Override
  public Object filter(SafeString value, JinjavaInterpreter interpreter, String... arguments) {
    return delegate.filter(value, interpreter, arguments);
  }

  @Override
  public boolean preserveSafeString() {
    return delegate.preserveSafeString();
  }
}
