package org.gistsweep.worker.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.worker.files.AllowedRoots;

/**
 * A small per-process LRU cache of decoded splits, keyed by (real root, task, split, size, allowed
 * roots).
 */
final class DatasetCache {
  private static final int MAX_ENTRIES = 8;

  private record Key(Path root, String task, String split, int size, List<Path> allowed) {}

  private static final Map<Key, VtabDataset> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, VtabDataset> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private DatasetCache() {}

  static synchronized VtabDataset get(
      Path root, String task, String split, int size, AllowedRoots roots) {
    Path folder = roots.directory(root, "the data folder " + root);
    Key key = new Key(folder, task, split, size, roots.paths());
    VtabDataset cached = CACHE.get(key);
    if (cached == null) {
      cached = SplitReader.read(folder, task, split, size, roots);
      CACHE.put(key, cached);
    }
    return cached;
  }

  /** Empties the cache (tests that rewrite files under the same path). */
  static synchronized void clear() {
    CACHE.clear();
  }
}
