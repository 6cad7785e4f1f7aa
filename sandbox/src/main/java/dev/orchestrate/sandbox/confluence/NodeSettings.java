package dev.orchestrate.sandbox.confluence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What a simulated node reads at start, from the same places real Confluence reads it: the home
 * from {@code confluence-init.properties} in the installation, {@code confluence.cfg.xml} in that
 * home, the ports from {@code conf/server.xml}, system properties from the JVM's {@code -D}
 * options (CATALINA_OPTS). From the sandbox it takes only what a real machine has by nature: its
 * own address, and where its databases are.
 *
 * @param address the host's own address (the sandbox's SANDBOX_HOST_ADDRESS)
 * @param hostRoot the directory that stands for this host's disk (SANDBOX_HOST_ROOT), if any
 * @param databases the root of the sandbox's databases (SANDBOX_DATABASES), if known
 * @param home the local home confluence-init.properties names, when it names one
 * @param setupStep the cfg's setupStep, when the cfg can be read
 * @param cfg the cfg's properties, in file order
 * @param managedSynchronyPort the port Confluence runs Synchrony on itself ({@code -Dsynchrony.port},
 *     8091); empty when it runs none: standalone Synchrony ({@code -Dsynchrony.service.url}, which
 *     orchestrate writes into setenv.sh) or Synchrony turned off ({@code -Dsynchrony.btf.disabled=true})
 */
record NodeSettings(
    Path install,
    String address,
    Optional<Path> hostRoot,
    Optional<Path> databases,
    Optional<Path> home,
    Optional<String> setupStep,
    Optional<String> setupType,
    Map<String, String> cfg,
    int httpPort,
    Duration startDelay,
    Optional<Integer> managedSynchronyPort,
    Optional<String> problemReading) {

  static final String INIT_PROPERTIES = "confluence/WEB-INF/classes/confluence-init.properties";
  /** A fault a test can place and an admin can remove: see {@link #startFault()}. */
  static final String START_FAULT = "sandbox-start-fault";

  static NodeSettings read(Path install, Map<String, String> environment, Properties system) {
    String address = environment.getOrDefault("SANDBOX_HOST_ADDRESS", "127.0.0.1");
    Optional<Path> hostRoot = Optional.ofNullable(environment.get("SANDBOX_HOST_ROOT")).map(Path::of);
    Optional<Path> databases = Optional.ofNullable(environment.get("SANDBOX_DATABASES")).map(Path::of);
    Duration delay = Duration.ofMillis(Long.parseLong(system.getProperty("sandbox.startDelayMillis", "1000")));
    int httpPort = connectorPort(install.resolve("conf/server.xml")).orElse(8090);
    Optional<Integer> synchrony = managedSynchronyPort(system);
    Properties init = new Properties();
    try (InputStream in = Files.newInputStream(install.resolve(INIT_PROPERTIES))) {
      init.load(in);
    } catch (IOException e) {
      return new NodeSettings(install, address, hostRoot, databases, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
          httpPort, delay, synchrony, Optional.of("cannot read " + install.resolve(INIT_PROPERTIES) + ": " + e));
    }
    Optional<Path> home = Optional.ofNullable(init.getProperty("confluence.home")).map(String::strip)
        .filter(h -> !h.isEmpty()).map(Path::of);
    if (home.isEmpty()) {
      return new NodeSettings(install, address, hostRoot, databases, home, Optional.empty(), Optional.empty(), Map.of(), httpPort,
          delay, synchrony, Optional.of("confluence.home is not set in " + install.resolve(INIT_PROPERTIES)));
    }
    Path cfgFile = home.get().resolve("confluence.cfg.xml");
    if (!Files.isRegularFile(cfgFile)) {
      return new NodeSettings(install, address, hostRoot, databases, home, Optional.empty(), Optional.empty(), Map.of(), httpPort,
          delay, synchrony, Optional.empty());
    }
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(cfgFile.toFile());
      Element root = document.getDocumentElement();
      Map<String, String> properties = new LinkedHashMap<>();
      NodeList list = root.getElementsByTagName("property");
      for (int i = 0; i < list.getLength(); i++) {
        Element property = (Element) list.item(i);
        properties.put(property.getAttribute("name"), property.getTextContent());
      }
      return new NodeSettings(install, address, hostRoot, databases, home, text(root, "setupStep"), text(root, "setupType"),
          properties, httpPort, delay, synchrony, Optional.empty());
    } catch (Exception e) {
      return new NodeSettings(install, address, hostRoot, databases, home, Optional.empty(), Optional.empty(), Map.of(), httpPort,
          delay, synchrony, Optional.of("cannot read " + cfgFile + ": " + e.getMessage()));
    }
  }

  /** As Confluence decides at start whether to run Synchrony itself, from its system properties. */
  private static Optional<Integer> managedSynchronyPort(Properties system) {
    boolean standalone = !system.getProperty("synchrony.service.url", "").isBlank();
    boolean off = Boolean.parseBoolean(system.getProperty("synchrony.btf.disabled", "false").strip());
    if (standalone || off) {
      return Optional.empty();
    }
    try {
      return Optional.of(Integer.parseInt(system.getProperty("synchrony.port", "8091").strip()));
    } catch (NumberFormatException e) {
      return Optional.of(8091);
    }
  }

  private static Optional<String> text(Element root, String tag) {
    NodeList found = root.getElementsByTagName(tag);
    return found.getLength() == 0 ? Optional.empty() : Optional.of(found.item(0).getTextContent().strip());
  }

  private static Optional<Integer> connectorPort(Path serverXml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList connectors = factory.newDocumentBuilder().parse(serverXml.toFile()).getElementsByTagName("Connector");
      if (connectors.getLength() == 0) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(((Element) connectors.item(0)).getAttribute("port")));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  Optional<String> property(String name) {
    return Optional.ofNullable(cfg.get(name)).map(String::strip).filter(v -> !v.isEmpty());
  }

  /**
   * Where a start fault is placed: beside the local home, in its parent, which is per host (on a
   * sandbox host and on a host with a mount namespace of its own alike) and outside every tree a
   * migration copies, backs up or restores — so the fault stays on the node it was put on, and
   * only removing it cures the node.
   */
  Optional<Path> startFault() {
    return home.map(h -> h.toAbsolutePath().normalize().getParent()).map(parent -> parent.resolve(START_FAULT));
  }

  boolean clustered() {
    return property("confluence.cluster").map(Boolean::parseBoolean).orElse(false);
  }
}
