package dev.orchestrate.cli;

import dev.orchestrate.core.topology.TopologySchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version, the cluster.yaml format it reads, and the Java it runs on. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties build = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        build.load(in);
      }
    }
    return new String[] {
        "orchestrate " + build.getProperty("version", "(unknown version)"),
        "cluster.yaml format " + TopologySchema.VERSION,
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
  }
}
