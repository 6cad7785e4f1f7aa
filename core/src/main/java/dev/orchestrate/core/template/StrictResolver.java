package dev.orchestrate.core.template;

import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import java.beans.FeatureDescriptor;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.MethodNotFoundException;
import jinjava.javax.el.PropertyNotFoundException;

/**
 * Attribute and item access as Ansible does it: a missing key or index is an {@link Undefined}
 * rather than a null, anything read from an undefined value is undefined too, and strings and
 * dicts answer the Python methods playbooks call on them ({@link PythonMethods}).
 */
final class StrictResolver extends ELResolver {
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");

  private final ELResolver delegate = JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY;

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    if (base instanceof Undefined) {
      context.setPropertyResolved(true);
      return base;
    }
    if (base instanceof Map<?, ?> map && !hasKey(map, property)) {
      context.setPropertyResolved(true);
      return Undefined.attribute(base, property);
    }
    if (base instanceof String text && index(property) != null) {
      context.setPropertyResolved(true);
      return character(text, index(property));
    }
    if (base instanceof List<?> list && outOfRange(list, property)) {
      context.setPropertyResolved(true);
      return Undefined.element(list, property);
    }
    try {
      Object value = delegate.getValue(context, base, property);
      if (base != null && !context.isPropertyResolved()) {
        context.setPropertyResolved(true);
        return Undefined.attribute(base, property);
      }
      return value;
    } catch (PropertyNotFoundException e) {
      context.setPropertyResolved(true);
      return Undefined.attribute(base, property);
    }
  }

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
    if (base instanceof Undefined undefined) {
      throw undefined.failure();
    }
    Object result = PythonMethods.invoke(base, String.valueOf(method), params == null ? new Object[0] : params);
    if (result != PythonMethods.NOT_A_METHOD) {
      context.setPropertyResolved(true);
      return result;
    }
    try {
      return delegate.invoke(context, base, method, paramTypes, params);
    } catch (MethodNotFoundException e) {
      throw new TemplateFault("'" + Undefined.typeName(base) + "' has no method '" + method + "' taking "
          + (params == null ? 0 : params.length) + " arguments");
    }
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return delegate.getType(context, base, property);
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    delegate.setValue(context, base, property, value);
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return delegate.isReadOnly(context, base, property);
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return delegate.getFeatureDescriptors(context, base);
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return delegate.getCommonPropertyType(context, base);
  }

  private static boolean hasKey(Map<?, ?> map, Object key) {
    return map.containsKey(key) || key != null && map.containsKey(key.toString());
  }

  /** Python's indices: -1 is the last element. */
  private static boolean outOfRange(List<?> list, Object property) {
    Long index = index(property);
    return index != null && (index >= list.size() || index < -list.size());
  }

  /** A string's character at a Python index, as a string. */
  private static Object character(String text, long index) {
    long position = index < 0 ? text.length() + index : index;
    if (position < 0 || position >= text.length()) {
      return new Undefined("string index " + index + " out of range (the string has " + text.length() + " characters)");
    }
    return String.valueOf(text.charAt((int) position));
  }

  /** An index as Jinjava passes it: a number, or a number's text. */
  private static Long index(Object property) {
    if (property instanceof Integer || property instanceof Long) {
      return ((Number) property).longValue();
    }
    if (property instanceof String text && INTEGER.matcher(text).matches()) {
      return Long.parseLong(text);
    }
    return null;
  }
}
