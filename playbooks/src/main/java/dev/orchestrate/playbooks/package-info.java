/**
 * The built-in Confluence procedures (Server to Data Center, adding nodes, back to Server, rolling
 * restart) as playbooks under {@code src/main/resources/playbooks}, and the code that finds them.
 *
 * <p>Filled by the playbooks and compiler issue.
 */
package dev.orchestrate.playbooks;
