/**
 * The trial artifact store: trained weights and attempt logs kept in a directory (a local disk or
 * an NFS mount) or in any S3-compatible service, chosen by one URI ({@link
 * org.gistsweep.artifacts.ArtifactStores#open}).
 *
 * <p>{@link org.gistsweep.artifacts.ArtifactStore} is the contract both back ends keep: atomic puts
 * that record each object's sha256, listing that never shows a partial object, ranged reads, and
 * idempotent deletes. {@link org.gistsweep.artifacts.AttemptLogWriter} and {@link
 * org.gistsweep.artifacts.AttemptLogReader} keep an attempt's log as numbered chunk objects on top
 * of any store. This package imports only java.* and the AWS SDK for Java v2.
 */
package org.gistsweep.artifacts;
