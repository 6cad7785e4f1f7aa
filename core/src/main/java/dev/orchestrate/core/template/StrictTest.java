package dev.orchestrate.core.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;

/** One of Jinjava's own tests ({@code is string}, {@code is in}, ...), refusing an {@link Undefined}. */
final class StrictTest implements ExpTest {
  private final ExpTest delegate;

  StrictTest(ExpTest delegate) {
    this.delegate = delegate;
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... arguments) {
    Strictness.refuseUndefined(value, arguments);
    return delegate.evaluate(value, interpreter, arguments);
  }

  @Override
  public boolean evaluateNegated(Object value, JinjavaInterpreter interpreter, Object... arguments) {
    Strictness.refuseUndefined(value, arguments);
    return delegate.evaluateNegated(value, interpreter, arguments);
  }
}
