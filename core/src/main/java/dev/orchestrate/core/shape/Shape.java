package dev.orchestrate.core.shape;

/**
 * What a YAML value must look like. One description serves two readers: {@link ShapeChecker}
 * reports a file's problems with their line and column, and {@link JsonSchemaWriter} prints the
 * same rules as a JSON Schema for editors. Rules that a schema cannot say (files that must exist,
 * paths that must not nest) are checked after the shape, by the file's own rules.
 */
public sealed interface Shape permits ObjectShape, ListShape, ScalarShape {}
