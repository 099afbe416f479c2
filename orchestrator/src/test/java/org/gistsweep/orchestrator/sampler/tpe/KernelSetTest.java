package org.gistsweep.orchestrator.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.junit.jupiter.api.Test;

/** Incremental kernel sets against sets built from scratch, and against the reference widths. */
class KernelSetTest {
  static final List<ParameterSpec> SPECS =
      List.of(
          new ParameterSpec("x", new FloatDistribution(-5, 5, false, 0), Map.of()),
          new ParameterSpec("lr", new FloatDistribution(1e-5, 1, true, 0), Map.of()),
          new ParameterSpec("n", new IntDistribution(1, 6, false, 1), Map.of()),
          new ParameterSpec("y", new FloatDistribution(0, 2, false, 0.25), Map.of()),
          new ParameterSpec("c", new CategoricalDistribution(List.of("a", "b", "c")), Map.of()),
          new ParameterSpec("w", new IntDistribution(2, 300, true, 1), Map.of()));
  static final Dimension[] DIMS = dims(SPECS);

  /** Dimensions for {@code specs}, each indexed by its position. */
  static Dimension[] dims(List<ParameterSpec> specs) {
    Dimension[] d = new Dimension[specs.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = Dimension.of(specs.get(i), i);
    }
    return d;
  }

  /** A random internal point on each dimension's values (stepped ones on their grid, many ties). */
  static double[] point(Random r) {
    double[] x = new double[DIMS.length];
    for (int k = 0; k < DIMS.length; k++) {
      Dimension d = DIMS[k];
      x[k] = d.snap(d.low + r.nextDouble() * (d.high - d.low));
      if (d.kind == Dimension.Kind.CATEGORICAL) {
        x[k] = r.nextInt(d.choices);
      }
    }
    return x;
  }

  @Test
  void incrementalSyncsEqualAFreshSyncBitForBit() {
    for (boolean neighbour : new boolean[] {true, false}) {
      for (long seed = 0; seed < 8; seed++) {
        Random r = new Random(seed);
        KernelSet warm = new KernelSet(DIMS, neighbour, true);
        List<Row> rows = new ArrayList<>();
        boolean[] member = new boolean[0];
        for (int step = 0; step < 150; step++) {
          int edits = 1 + r.nextInt(step % 10 == 9 ? 20 : 3);
          for (int e = 0; e < edits; e++) {
            int op = r.nextInt(10);
            if (op < 5 || rows.isEmpty()) {
              rows.add(
                  Kernels.row(
                      rows.isEmpty() ? 0 : rows.get(rows.size() - 1).number() + 1 + r.nextInt(2),
                      0,
                      point(r)));
              member = Arrays.copyOf(member, rows.size());
              member[rows.size() - 1] = r.nextInt(4) > 0;
            } else if (op < 7) {
              member[r.nextInt(rows.size())] ^= true;
            } else if (op < 8) {
              int i = r.nextInt(rows.size());
              rows.set(i, Kernels.row(rows.get(i).number(), 0, point(r)));
            } else if (op < 9) {
              int i = r.nextInt(rows.size());
              rows.set(i, Kernels.row(rows.get(i).number(), 1, rows.get(i).x().clone()));
            } else {
              int i = r.nextInt(rows.size());
              rows.remove(i);
              boolean[] m = new boolean[rows.size()];
              System.arraycopy(member, 0, m, 0, i);
              System.arraycopy(member, i + 1, m, i, rows.size() - i);
              member = m;
            }
          }
          warm.sync(rows, member);
          KernelSet fresh = new KernelSet(DIMS, neighbour, true);
          fresh.sync(rows, member);
          assertSame(warm, fresh, "neighbour=" + neighbour + " seed=" + seed + " step=" + step);
          assertReferenceWidths(warm, neighbour);
        }
      }
    }
  }

  static void assertSame(KernelSet a, KernelSet b, String what) {
    assertThat(a.size).as(what).isEqualTo(b.size);
    assertThat(Arrays.copyOf(a.numbers, a.size))
        .as(what)
        .isEqualTo(Arrays.copyOf(b.numbers, b.size));
    for (int k = 0; k < DIMS.length; k++) {
      assertThat(Arrays.copyOf(a.mu[k], a.size)).as(what).isEqualTo(Arrays.copyOf(b.mu[k], b.size));
      if (DIMS[k].kind != Dimension.Kind.CATEGORICAL) {
        assertThat(Arrays.copyOf(a.sigma[k], a.size))
            .as(what)
            .isEqualTo(Arrays.copyOf(b.sigma[k], b.size));
        assertThat(Arrays.copyOf(a.inv[k], a.size))
            .as(what)
            .isEqualTo(Arrays.copyOf(b.inv[k], b.size));
        assertThat(Arrays.copyOf(a.term[k], a.size))
            .as(what)
            .isEqualTo(Arrays.copyOf(b.term[k], b.size));
      }
    }
  }

  /** Widths equal Bandwidths' from-scratch computation; constants equal a direct evaluation. */
  static void assertReferenceWidths(KernelSet s, boolean neighbour) {
    for (int k = 0; k < DIMS.length; k++) {
      Dimension d = DIMS[k];
      if (d.kind == Dimension.Kind.CATEGORICAL) {
        continue;
      }
      double[] expected;
      if (neighbour) {
        expected = Bandwidths.neighbour(Arrays.copyOf(s.mu[k], s.size), d.low, d.high, d.step);
      } else {
        expected = new double[s.size];
        Arrays.fill(expected, Bandwidths.scott(s.size, DIMS.length, d.range()));
      }
      Bandwidths.clip(expected, d.range(), true);
      assertThat(Arrays.copyOf(s.sigma[k], s.size)).isEqualTo(expected);
      for (int p = 0; p < s.size; p++) {
        assertThat(s.term[k][p]).isEqualTo(KernelSet.term(d, s.mu[k][p], s.sigma[k][p]));
      }
    }
  }

  @Test
  void anEmptySideHasOnlyThePrior() {
    KernelSet s = Kernels.of(DIMS, true, new double[0][]);
    ParzenEstimator pe = new ParzenEstimator(s, new WeightCache(1.0));
    assertThat(pe.weights()).containsExactly(1.0);
    double[][] xs = pe.sample(new SplittableRandom(1), 5);
    assertThat(Arrays.stream(pe.logPdf(xs)).allMatch(Double::isFinite)).isTrue();
  }
}
