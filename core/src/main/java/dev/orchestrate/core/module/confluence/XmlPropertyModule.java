package dev.orchestrate.core.module.confluence;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.module.confluence.FileEdits.Change;
import dev.orchestrate.core.module.edit.CfgXml;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code xml_property}: sets and removes {@code <property>} entries of a {@code
 * confluence.cfg.xml} ({@code properties}, a null value removing one) and sets the text of its
 * top-level elements such as {@code setupType} ({@code elements}), editing the file in place so
 * everything else stays as it was. With {@code backup} (the default) the file is first copied to
 * {@code PATH.orchestrate-RUN}.
 */
public final class XmlPropertyModule implements Module {
  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^\\W{0,4}<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

  public XmlPropertyModule() {}

  @Override
  public String name() {
    return "xml_property";
  }

  /** It checks before it changes, so running it again after a dropped connection is safe. */
  @Override
  public boolean safeToRerun() {
    return true;
  }

  @Override
  public Set<String> arguments() {
    return Set.of("path", "properties", "elements", "backup");
  }

  @Override
  public Set<String> requiredArguments() {
    return Set.of("path");
  }

  @Override
  public ModuleResult execute(ModuleCall call) {
    try {
      List<Change> changes =
          new ArrayList<>(FileEdits.setOrRemove(call, "properties", CfgXml::setProperty, CfgXml::removeProperty));
      for (Map.Entry<String, Object> entry : FileEdits.map(call, "elements").entrySet()) {
        String name = entry.getKey();
        if (entry.getValue() == null) {
          throw new IllegalArgumentException("elements." + name + " needs a value: top-level elements are set, never"
              + " removed");
        }
        String value = FileEdits.reveal(call, "elements", name, entry.getValue());
        changes.add(new Change(name, text -> CfgXml.setElement(text, name, value)));
      }
      return new FileEdits(call, FileEdits.path(call), XmlPropertyModule::encoding, call.flag("backup", true), false)
          .apply(changes);
    } catch (IllegalArgumentException e) {
      return ModuleResult.failed(e.getMessage());
    }
  }

  /** The encoding the XML declaration names; UTF-8, XML's default, when it names none. */
  private static Charset encoding(byte[] content) {
    String start = new String(content, 0, Math.min(content.length, 256), StandardCharsets.ISO_8859_1);
    Matcher declared = DECLARED_ENCODING.matcher(start);
    if (!declared.find()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(declared.group(1));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new IllegalArgumentException("declares the encoding " + declared.group(1) + ", which Java cannot read");
    }
  }
}
