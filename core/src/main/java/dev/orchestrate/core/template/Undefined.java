package dev.orchestrate.core.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.util.AbstractCollection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The value of a variable or attribute that does not exist. Like Ansible's strict undefined it
 * may be tested ({@code is defined}), defaulted ({@code | default}) and looked into ({@code
 * foo.bar} is undefined too), and fails as soon as it is used any other way: printed, compared,
 * read as a boolean, looped over, or given to a filter.
 *
 * <p>It is a collection only because Jinjava's {@code in} looks into strings, collections and maps
 * and answers false for anything else: as a collection that cannot be read, {@code 'a' in foo}
 * fails too.
 */
final class Undefined extends AbstractCollection<Object> implements PyishSerializable, HasObjectTruthValue {
  private final String message;

  Undefined(String message) {
    this.message = message;
  }

  static Undefined variable(String name) {
    return new Undefined("'" + name + "' is undefined");
  }

  static Undefined attribute(Object base, Object name) {
    return new Undefined("'" + typeName(base) + "' has no attribute '" + name + "'");
  }

  static Undefined element(List<?> list, Object index) {
    return new Undefined("list object has no element " + index + " (it has " + list.size() + ")");
  }

  /** Python's name for a value's type, as Jinja's messages show it. */
  static String typeName(Object value) {
    if (value instanceof Map<?, ?>) {
      return "dict object";
    }
    if (value instanceof List<?> || value != null && value.getClass().isArray()) {
      return "list object";
    }
    if (value instanceof CharSequence) {
      return "str object";
    }
    if (value instanceof Boolean) {
      return "bool object";
    }
    if (value instanceof Double || value instanceof Float) {
      return "float object";
    }
    if (value instanceof Number) {
      return "int object";
    }
    return value == null ? "NoneType object" : value.getClass().getSimpleName() + " object";
  }

  String message() {
    return message;
  }

  TemplateFault failure() {
    return new TemplateFault(message);
  }

  /** Reading an undefined value as true or false is an error, as in Ansible. */
  @Override
  public boolean getObjectTruthValue() {
    throw failure();
  }

  /** Printing an undefined value is an error, as in Ansible. */
  @Override
  public <T extends Appendable & CharSequence> T appendPyishString(T appendable) {
    throw failure();
  }

  /** Looping over an undefined value is an error, as in Ansible. */
  @Override
  public Iterator<Object> iterator() {
    throw failure();
  }

  @Override
  public int size() {
    throw failure();
  }

  /**
   * Turning an undefined value into text is an error, as in Ansible. Jinjava does so wherever it
   * needs a string, as for the key in {@code d[foo]}, so failing here catches what no other check
   * sees.
   */
  @Override
  public String toString() {
    throw failure();
  }
}
