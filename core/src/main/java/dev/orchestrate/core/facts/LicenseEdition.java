package dev.orchestrate.core.facts;

/**
 * The edition the license stored on a node grants, as far as the node can tell without sending
 * the license anywhere.
 *
 * <p>Only the sandbox's stand-in keys can be read: they are base64 text holding an {@code
 * edition=} line. A real Atlassian key is signed and encoded in a form that cannot be read here,
 * so it is {@link #UNKNOWN}; compare its digest with the digest of the key you mean to install
 * instead.
 */
public enum LicenseEdition {
  /** A Server license: Confluence refuses to run clustered with it. */
  SERVER,
  /** A Data Center license. */
  DATACENTER,
  /** There is a license, or a configuration that could not be read, and its edition is not readable. */
  UNKNOWN,
  /** No license property at all, or an empty one. */
  NONE
}
