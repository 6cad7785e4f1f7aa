/**
 * A run's lifecycle, from a cluster.yaml (or a playbook) to a walked graph: {@link
 * dev.orchestrate.core.run.Apply} plans, locks, finishes the last run when it was cut off or
 * failed, joins the run chain, journals and walks, and rolls its own run back on failure; {@link
 * dev.orchestrate.core.run.Rollback} walks the undo of the chain, or checks its backups, or lists
 * or forgets the chain; {@link dev.orchestrate.core.run.PlaybookRun} walks a playbook once;
 * {@link dev.orchestrate.core.run.Plans} makes the plan {@code plan} prints; {@link
 * dev.orchestrate.core.run.Status} reads and shows what each node is now.
 *
 * <p>The caller (the command line) supplies what core must not know — the {@link
 * dev.orchestrate.core.transport.Transport}, the question before a change, how a walk is shown to
 * a person ({@link dev.orchestrate.core.run.Display}) — and parses options and prints nothing of
 * its own: what a person reads is written here, to the {@link dev.orchestrate.core.run.Output}
 * given, in the order the run reaches it.
 */
package dev.orchestrate.core.run;
