package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the orchestrator refuses at submit without a file system, for fixed settings and space
 * choices.
 */
class PathSettingsTest {
  private static SweepSpec sweep(String training, String space) {
    return SweepSpecParser.parse(
        "name: p\ntraining: {" + training + "}\nspace: {" + space + "}\n", "p.yaml", "p");
  }

  private static void assertRefused(
      SweepSpec spec, WorkerRoots roots, String field, String... fragments) {
    assertThatThrownBy(() -> PathSettings.check(spec, roots))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContainingAll(fragments);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "task: ../../secret | training.task | must be a plain name",
        "task: a/b | training.task | must be a plain name",
        "task: '..' | training.task | must be a plain name",
        "task: '' | training.task | must be a plain name",
        "train_split: ../x | training.train_split | <data_dir>/<task>/<train_split>.txt",
        "eval_split: 'a\\b' | training.eval_split | plain name",
        "data_dir: /data/../etc | training.data_dir | has a '..' segment",
        "backbone: ../weights/x.npz | training.backbone | has a '..' segment",
        "backbone: 'builtin:a/b' | training.backbone | built-in backbone by a plain name",
        "backbone: 'builtin:../../x' | training.backbone | has a '..' segment"
      })
  void fixedSettingsAreCheckedWithoutRoots(String training, String field, String fragment) {
    assertRefused(sweep(training, ""), WorkerRoots.UNKNOWN, field, fragment);
  }

  @Test
  void everyChoiceOfASpaceParameterIsChecked() {
    assertRefused(
        sweep("", "task: {type: categorical, choices: [cifar, ../../secret]}"),
        WorkerRoots.UNKNOWN,
        "space.task.choices[1]",
        "'../../secret' must be a plain name");
    assertRefused(
        sweep(
            "", "backbone: {type: categorical, choices: ['builtin:vit-tiny-shapes', /etc/passwd]}"),
        new WorkerRoots(List.of("/data"), List.of("/weights")),
        "space.backbone.choices[1]",
        "'/etc/passwd' is outside the workers' weights roots (/weights)",
        "--weights-root");
  }

  @Test
  void withRootsKnownAbsolutePathsMustLieUnderThem() {
    WorkerRoots roots = new WorkerRoots(List.of("/data", "/home/me/data/"), List.of("/weights"));
    assertRefused(
        sweep("data_dir: /etc", ""),
        roots,
        "training.data_dir",
        "outside the workers' data roots (/data, /home/me/data)");
    assertRefused(sweep("data_dir: /database", ""), roots, "training.data_dir", "outside");
    assertRefused(
        sweep("backbone: /data/w.npz", ""), roots, "training.backbone", "weights roots (/weights)");
    assertThatCode(
            () ->
                PathSettings.check(
                    sweep("data_dir: /data/vtab, backbone: /weights/./b16.npz", ""), roots))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                PathSettings.check(
                    sweep("data_dir: relative/data, backbone: 'random:vit-tiny'", ""), roots))
        .as("relative paths depend on the worker's working folder: only the worker can check them")
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                PathSettings.check(
                    sweep("data_dir: /etc, backbone: /etc/passwd", ""), WorkerRoots.UNKNOWN))
        .as("roots unknown: only the worker can tell")
        .doesNotThrowAnyException();
  }

  @Test
  void theLegacyCheckpointDirNamesNothingAndIsNotChecked() {
    assertThatCode(
            () ->
                PathSettings.check(
                    sweep("save_checkpoint: true, checkpoint_dir: /etc/passwd", ""),
                    new WorkerRoots(List.of("/d"), List.of("/w"))))
        .as("ignored by the workers, which write only to their store")
        .doesNotThrowAnyException();
    assertThat(PathSettings.problem("checkpoint_dir", "../../x")).isEmpty();
  }

  @Test
  void theDefaultsAndEveryPlainValuePass() {
    assertThatCode(
            () ->
                PathSettings.check(
                    sweep(
                        "task: synthetic-shapes, checkpoint_dir: runs/a, save_checkpoint: true",
                        ""),
                    new WorkerRoots(List.of("/d"), List.of("/w"))))
        .doesNotThrowAnyException();
    for (Setting s : TrainingSettings.SETTINGS) {
      if (s.defaultValue() != null) {
        assertThat(PathSettings.problem(s.name(), String.valueOf(s.defaultValue())))
            .as(s.name())
            .isEmpty();
      }
    }
  }

  @Test
  void rootsMustBeAbsolute() {
    assertThatThrownBy(() -> new WorkerRoots(List.of("data"), List.of()))
        .hasMessageContaining("must be an absolute path");
  }
}
