package dev.orchestrate.sandbox.confluence;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The sandbox's stand-in for an Atlassian license key: base64 text in lines of 76, like the real
 * ones, whose content says which edition it grants. The simulator reads only the edition; a text
 * that does not decode is no license at all.
 */
public final class SimulatedLicense {
  private static final String MAGIC = "orchestrate-sandbox-license";

  /** The editions a license can grant. */
  public enum Edition { SERVER, DATACENTER }

  private SimulatedLicense() {}

  /** A license key for {@code edition}; {@code serial} makes each one distinct, as real keys are. */
  public static String create(Edition edition, String serial) {
    String content = MAGIC + "\nedition=" + edition.name().toLowerCase(Locale.ROOT) + "\nserial=" + serial
        + "\nlicensee=Sandbox\n";
    String encoded = Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < encoded.length(); i += 76) {
      lines.append(encoded, i, Math.min(encoded.length(), i + 76)).append('\n');
    }
    return lines.toString();
  }

  /** The edition {@code key} grants, or empty when it is not a license. */
  public static Optional<Edition> edition(String key) {
    try {
      String content = new String(Base64.getDecoder().decode(key.replaceAll("\\s", "")), StandardCharsets.UTF_8);
      if (!content.startsWith(MAGIC + "\n")) {
        return Optional.empty();
      }
      Properties fields = new Properties();
      fields.load(new StringReader(content));
      return Optional.of(Edition.valueOf(fields.getProperty("edition", "").toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }
}
