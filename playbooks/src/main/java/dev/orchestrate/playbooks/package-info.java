/**
 * The built-in Confluence procedures (Server to Data Center, adding nodes, back to Server, rolling
 * restart) as playbooks under {@code src/main/resources/playbooks}, and {@link
 * dev.orchestrate.playbooks.BuiltInPlaybooks}, which finds them.
 */
package dev.orchestrate.playbooks;
