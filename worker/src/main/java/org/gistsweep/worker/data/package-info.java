/**
 * Pure-Java data code: the VTAB-1K on-disk reader ({@link org.gistsweep.worker.data.VtabDataset})
 * and the deterministic synthetic tasks ({@link org.gistsweep.worker.data.SyntheticShapes}). No DJL
 * here.
 */
package org.gistsweep.worker.data;
