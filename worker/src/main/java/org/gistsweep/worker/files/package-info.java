/**
 * Which files a worker may open or write for a trial: {@link
 * org.gistsweep.worker.files.AllowedRoots} (folders canonicalised once, every path resolved with
 * its symlinks before it is compared, only regular files opened) and {@link
 * org.gistsweep.worker.files.PathRefusedException}, the failure of a trial whose settings point
 * elsewhere. Pure Java.
 */
package org.gistsweep.worker.files;
