package org.gistsweep.worker.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small per-process LRU cache of decoded splits, keyed by (root, task, split, size). */
final class DatasetCache {
  private static final int MAX_ENTRIES = 8;

  private record Key(Path root, String task, String split, int size) {}

  private static final Map<Key, VtabDataset> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, VtabDataset> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  private DatasetCache() {}

  static synchronized VtabDataset get(Path root, String task, String split, int size) {
    Key key = new Key(root.toAbsolutePath().normalize(), task, split, size);
    VtabDataset cached = CACHE.get(key);
    if (cached == null) {
      cached = SplitReader.read(key.root(), task, split, size);
      CACHE.put(key, cached);
    }
    return cached;
  }

  /** Empties the cache (tests that rewrite files under the same path). */
  static synchronized void clear() {
    CACHE.clear();
  }
}
