package dev.orchestrate.sandbox;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Edits confluence.cfg.xml text in tests, the way an administrator or orchestrate's own module
 * would: set or remove properties, change setupStep or setupType, keep the rest.
 */
public final class CfgXml {
  private final Document document;

  private CfgXml(Document document) {
    this.document = document;
  }

  public static CfgXml parse(String xml) {
    try {
      return new CfgXml(DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    } catch (Exception e) {
      throw new IllegalArgumentException("not a confluence.cfg.xml", e);
    }
  }

  public CfgXml set(String name, String value) {
    Optional<Element> existing = property(name);
    if (existing.isPresent()) {
      existing.get().setTextContent(value);
    } else {
      Element properties = (Element) document.getElementsByTagName("properties").item(0);
      Element added = document.createElement("property");
      added.setAttribute("name", name);
      added.setTextContent(value);
      properties.appendChild(added);
    }
    return this;
  }

  public CfgXml setAll(Map<String, String> values) {
    values.forEach(this::set);
    return this;
  }

  public CfgXml remove(String name) {
    property(name).ifPresent(p -> p.getParentNode().removeChild(p));
    return this;
  }

  public CfgXml element(String tag, String text) {
    document.getElementsByTagName(tag).item(0).setTextContent(text);
    return this;
  }

  public Optional<String> get(String name) {
    return property(name).map(Element::getTextContent);
  }

  private Optional<Element> property(String name) {
    NodeList all = document.getElementsByTagName("property");
    for (int i = 0; i < all.getLength(); i++) {
      Element property = (Element) all.item(i);
      if (property.getAttribute("name").equals(name)) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    try {
      StringWriter out = new StringWriter();
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.transform(new DOMSource(document), new StreamResult(out));
      return out.toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
