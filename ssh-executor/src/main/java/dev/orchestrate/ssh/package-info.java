/**
 * The {@code Transport} of core over SSH, built on sshj: one pooled connection per host, a session
 * per command, streamed node-to-node copies, host key checks and sudo.
 *
 * <p>Filled by the SSH transport issue; until then the command line says so instead of pretending.
 */
package dev.orchestrate.ssh;
