package dev.orchestrate.core.compiler;

import dev.orchestrate.core.playbook.Playbook;

/** Where the compiler finds the built-in procedures by name ({@code server-to-datacenter}). */
public interface PlaybookLibrary {
  /** @throws IllegalArgumentException when there is no playbook of that name */
  Playbook playbook(String name);
}
