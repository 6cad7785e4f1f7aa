package dev.orchestrate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orchestrate.core.shape.JsonSchemaWriter;
import dev.orchestrate.core.topology.TopologySchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code orchestrate schema}: cluster.yaml's JSON Schema, for editors. */
@Command(
    name = "schema",
    description = {
        "Prints the JSON Schema (draft-07) of cluster.yaml, so editors complete keys and flag mistakes as you type.",
        "With VS Code's YAML extension, save it and put this first line in cluster.yaml:",
        "  # yaml-language-server: $schema=./cluster.schema.json"},
    footerHeading = "%nExample:%n",
    footer = "  orchestrate schema > cluster.schema.json")
final class SchemaCommand implements Callable<Integer> {
  static final String SCHEMA_ID = "urn:dev.orchestrate:schema:cluster.yaml:" + TopologySchema.VERSION;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(JsonSchemaWriter.write(TopologySchema.ROOT, SCHEMA_ID,
            "The desired state of one Confluence deployment, read by `orchestrate apply`."));
    spec.commandLine().getOut().println(json);
    return 0;
  }
}
