package dev.orchestrate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrate.core.shape.JsonSchemaWriter;
import dev.orchestrate.core.shape.MarkdownReference;
import dev.orchestrate.core.topology.TopologySchema;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orchestrate schema}: cluster.yaml's JSON Schema, for editors. */
@Command(
    name = "schema",
    description = {
        "Prints the JSON Schema (draft-07) of cluster.yaml, so editors complete keys and flag mistakes as you type.",
        "With VS Code's YAML extension, save it and put this first line in cluster.yaml:",
        "  # yaml-language-server: $schema=./cluster.schema.json",
        "With --format markdown it prints the same schema as the reference page docs/cluster-yaml.md."},
    footerHeading = "%nExample:%n",
    footer = {"  orchestrate schema > cluster.schema.json",
        "  orchestrate schema --format markdown > docs/cluster-yaml.md"})
final class SchemaCommand implements Callable<Integer> {
  static final String SCHEMA_ID = "urn:dev.orchestrate:schema:cluster.yaml:" + TopologySchema.VERSION;

  /** The forms the schema is printed in. */
  enum Format { json, markdown }

  /** The reference page's opening paragraphs, before the generated sections. */
  static final List<String> REFERENCE_INTRODUCTION = List.of(
      "Every key of cluster.yaml (format version " + TopologySchema.VERSION + "), as `orchestrate validate` checks it."
          + " This page is generated from the schema itself (`orchestrate schema --format markdown`), and a test fails"
          + " when the two differ, so it cannot fall behind. The README walks through a whole file, and `examples/`"
          + " holds commented ones.",
      "Besides what each table says, `validate` checks what a schema cannot: node names and hosts used once, homes"
          + " that do not nest, Synchrony hosts that are nodes, a license file that exists, a balancer that can be"
          + " configured. Durations are a number and a unit, repeatable (`500ms`, `30s`, `1h30m`). Paths on the"
          + " nodes are absolute; paths on this machine may start with `~/` and are otherwise read from the"
          + " cluster.yaml's folder. Secrets are never written in the file: their keys name an environment variable"
          + " or a file.");

  @Spec
  private CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
      description = "json (JSON Schema, the default) or markdown (the reference page).")
  private Format format;

  @Override
  public Integer call() throws Exception {
    if (format == Format.markdown) {
      spec.commandLine().getOut().print(MarkdownReference.write(TopologySchema.ROOT, "cluster.yaml reference",
          REFERENCE_INTRODUCTION));
      spec.commandLine().getOut().flush();
      return 0;
    }
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(JsonSchemaWriter.write(TopologySchema.ROOT, SCHEMA_ID,
            "The desired state of one Confluence deployment, read by `orchestrate apply`."));
    spec.commandLine().getOut().println(json);
    return 0;
  }
}
