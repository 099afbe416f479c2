package org.gistsweep.worker.train;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.OptionalLong;

/** Memory in use on the training device, where DJL can tell (a CUDA GPU). */
public final class DeviceMemory {
  private DeviceMemory() {}

  /** Whether CUDA sees a GPU (without loading the training engine). */
  public static boolean hasGpu() {
    try {
      return CudaUtils.hasCuda() && CudaUtils.getGpuCount() > 0;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Bytes in use on GPU 0 as CUDA reports them, or empty where there is none. */
  public static OptionalLong gpuBytesInUse() {
    try {
      if (!hasGpu()) {
        return OptionalLong.empty();
      }
      MemoryUsage usage = CudaUtils.getGpuMemory(Device.gpu(0));
      return OptionalLong.of(usage.getUsed());
    } catch (RuntimeException | LinkageError e) {
      return OptionalLong.empty();
    }
  }
}
