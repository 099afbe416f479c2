package org.gistsweep.cli.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Command lines that run {@code org.gistsweep.cli.Main} in a fresh JVM on this test's classpath,
 * the way {@code ./gist-sweep} runs it: same launcher settings (one intra-op thread, glibc malloc
 * thresholds for libtorch, offline DJL), plus JVM options that keep many small JVMs cheap on a
 * small machine (C1 only, serial GC).
 */
public final class GistCli {
  /** The main class every command runs. */
  public static final String MAIN = "org.gistsweep.cli.Main";

  private GistCli() {}

  /** {@code java <jvmOptions> -cp <test classpath> org.gistsweep.cli.Main <args>}. */
  public static List<String> command(List<String> jvmOptions, String... args) {
    List<String> options = new ArrayList<>(List.of("-Dai.djl.offline=true"));
    options.addAll(jvmOptions);
    return java(MAIN, options, args);
  }

  /**
   * {@code java <jvmOptions> -cp <test classpath> <mainClass> <args>} with this JVM's {@code java},
   * C1 only and the serial collector (fast start, few threads).
   */
  public static List<String> java(String mainClass, List<String> jvmOptions, String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("-XX:TieredStopAtLevel=1");
    c.add("-XX:+UseSerialGC");
    c.addAll(jvmOptions);
    c.add("-cp");
    c.add(classpath());
    c.add(mainClass);
    c.addAll(Arrays.asList(args));
    return c;
  }

  /** The environment of every child: {@code GIST_SWEEP_HOME} plus the launcher's settings. */
  public static Map<String, String> environment(Path home) {
    return Map.of(
        "GIST_SWEEP_HOME", home.toString(),
        "OMP_NUM_THREADS", "1",
        "OPT_OUT_TRACKING", "true",
        "MALLOC_MMAP_THRESHOLD_", "33554432",
        "MALLOC_TRIM_THRESHOLD_", "1073741824",
        "TORCH_CPP_LOG_LEVEL", "ERROR");
  }

  /**
   * This JVM's class path. Surefire and Failsafe may start tests from a manifest-only jar; they
   * then publish the real test class path as {@code surefire.test.class.path}.
   */
  static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
