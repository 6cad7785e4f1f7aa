/**
 * Ansible's reading of loosely typed values (truthiness, whole numbers, one-or-many lists), shared
 * by the templates' tests and filters, the modules' arguments, the playbook parser and the executor.
 *
 * <p>It lives apart from {@code module} and {@code template} because both need it and {@code module}
 * already needs {@code template} (regular expressions, secret references, template errors): kept in
 * either, it would make the two import each other. It imports nothing of the project, so any
 * package may import it without closing a cycle.
 */
package dev.orchestrate.core.value;
