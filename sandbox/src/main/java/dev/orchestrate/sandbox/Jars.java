package dev.orchestrate.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds the jars of a simulated installation (the Confluence simulator, synchrony-standalone.jar,
 * a JDBC driver) from this module's own classes, whether they come from a jar or, in tests, from a
 * classes directory. Each simulated host then carries everything it runs inside its installation,
 * as a real one does, and copying the installation copies them too.
 */
final class Jars {
  private Jars() {}

  /** A jar of every class and resource under {@code prefix} (such as "synchrony/") beside {@code anchor}. */
  static void fromClasses(Path jar, Class<?> anchor, String prefix) {
    fromClasses(jar, anchor, List.of(prefix), Map.of());
  }

  /** The same for several prefixes, with {@code resources} (such as a {@code META-INF/services} file) added. */
  static void fromClasses(Path jar, Class<?> anchor, List<String> prefixes, Map<String, String> resources) {
    try {
      Path source = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (JarOutputStream out = open(jar)) {
        for (Map.Entry<String, String> resource : resources.entrySet()) {
          put(out, resource.getKey(), resource.getValue().getBytes(StandardCharsets.UTF_8));
        }
        for (String prefix : prefixes) {
          if (Files.isDirectory(source)) {
            fromDirectory(out, source, prefix);
          } else {
            fromJar(out, source, prefix);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build " + jar, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the classes of " + anchor, e);
    }
  }

  private static void fromDirectory(JarOutputStream out, Path source, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(source.resolve(prefix))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        put(out, source.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
  }

  private static void fromJar(JarOutputStream out, Path source, String prefix) throws IOException {
    try (JarFile from = new JarFile(source.toFile())) {
      for (Enumeration<JarEntry> entries = from.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
          try (InputStream in = from.getInputStream(entry)) {
            put(out, entry.getName(), in.readAllBytes());
          }
        }
      }
    }
  }

  private static JarOutputStream open(Path jar) throws IOException {
    Files.createDirectories(jar.toAbsolutePath().getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Created-By", "orchestrate sandbox");
    OutputStream file = Files.newOutputStream(jar);
    return new JarOutputStream(file, manifest);
  }

  private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(content);
    out.closeEntry();
  }
}
