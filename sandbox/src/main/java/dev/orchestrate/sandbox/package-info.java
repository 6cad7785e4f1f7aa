/**
 * The embedded default: simulated Confluence and Synchrony nodes reached over an embedded SSH
 * server on 127.0.1.x, for {@code orchestrate demo} and the end-to-end tests.
 *
 * <p>Filled by the sandbox issue.
 */
package dev.orchestrate.sandbox;
