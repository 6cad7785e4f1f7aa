package dev.orchestrate.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.orchestrate.core.shape.JsonSchemaWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The printed JSON Schema, read by an independent validator (networknt), agrees with the
 * checker: it accepts every example and valid file, rejects the broken files marked
 * {@code # schema: reject}, and accepts those marked {@code # schema: accept}, whose only problems
 * are ones a schema cannot see (files, nesting of paths) — so the schema is never stricter than
 * the tool.
 */
class SchemaAgreementTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
      .getSchema(JsonSchemaWriter.write(TopologySchema.ROOT, "urn:test", "test"));

  static Stream<Path> acceptedFiles() throws IOException {
    try (Stream<Path> examples = Files.list(Path.of("../examples"));
        Stream<Path> valid = Files.list(Path.of("src/test/resources/topology/valid"))) {
      return Stream.concat(examples, valid).filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Stream<Path> markedBrokenFiles() throws IOException {
    return BrokenFilesTest.brokenFiles().filter(f -> mark(f) != null);
  }

  private static String mark(Path file) {
    try {
      return Files.readAllLines(file).stream().filter(l -> l.startsWith("# schema: "))
          .map(l -> l.substring("# schema: ".length())).findFirst().orElse(null);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<ValidationMessage> validate(Path file) throws IOException {
    JsonNode document = YAML.readTree(file.toFile());
    return SCHEMA.validate(document);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedFiles")
  void acceptsEveryExampleAndValidFile(Path file) throws IOException {
    assertThat(validate(file)).isEmpty();
    assertThat(TopologyLoader.create(TestEnvironment.withSecrets()).load(file).isValid())
        .as("the tool agrees").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("markedBrokenFiles")
  void agreesWithTheCheckerOnBrokenFiles(Path file) throws IOException {
    if (mark(file).equals("reject")) {
      assertThat(validate(file)).as("the schema rejects it").isNotEmpty();
    } else {
      assertThat(validate(file)).as("only the tool can see this problem").isEmpty();
    }
  }

  @Test
  void thereAreExamplesAndEnoughMarkedFilesToMeanSomething() throws IOException {
    List<Path> examples = acceptedFiles().filter(f -> f.startsWith("../examples")).toList();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(6);
    assertThat(markedBrokenFiles().filter(f -> mark(f).equals("reject")).count()).isGreaterThanOrEqualTo(25);
    assertThat(markedBrokenFiles().filter(f -> mark(f).equals("accept")).count()).isGreaterThanOrEqualTo(10);
  }
}
