package dev.orchestrate.sandbox;

import java.util.Map;

/**
 * Edits confluence.cfg.xml text in tests, the way an administrator or orchestrate's own module
 * would: set or remove properties, change setupStep or setupType, keep the rest. A fluent holder
 * of the text, edited by orchestrate's own {@link dev.orchestrate.core.module.edit.CfgXml}.
 */
public final class CfgXml {
  private String xml;

  private CfgXml(String xml) {
    this.xml = xml;
  }

  /** Refuses, with an {@link IllegalArgumentException}, a text that is not well-formed XML. */
  public static CfgXml parse(String xml) {
    dev.orchestrate.core.module.edit.CfgXml.element(xml, "setupStep");
    return new CfgXml(xml);
  }

  public CfgXml set(String name, String value) {
    xml = dev.orchestrate.core.module.edit.CfgXml.setProperty(xml, name, value);
    return this;
  }

  public CfgXml setAll(Map<String, String> values) {
    values.forEach(this::set);
    return this;
  }

  public CfgXml remove(String name) {
    xml = dev.orchestrate.core.module.edit.CfgXml.removeProperty(xml, name);
    return this;
  }

  public CfgXml element(String tag, String text) {
    xml = dev.orchestrate.core.module.edit.CfgXml.setElement(xml, tag, text);
    return this;
  }

  @Override
  public String toString() {
    return xml;
  }
}
