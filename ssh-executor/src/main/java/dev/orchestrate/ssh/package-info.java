/**
 * The {@code Transport} of core over SSH, built on sshj: one pooled connection per host
 * ({@code HostConnection}, made by {@code Connector}), commands on a persistent shell or in a
 * session of their own ({@code ShellRunner}, {@code SessionRunner}, chosen by {@code SshHost}),
 * streamed and verified node-to-node copies, host key checks and sudo. docs/transport.md has a
 * table of the classes and what each one does.
 */
package dev.orchestrate.ssh;
