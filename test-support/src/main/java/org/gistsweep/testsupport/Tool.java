package org.gistsweep.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The optional outside tools that some tests use. Each probes by running what its tests will run
 * (the same imports, the same binaries) and names the Debian packages that bring it. A test that
 * needs one is skipped with the reason when the probe fails: see {@link RequiresTool} and {@link
 * Tools#assume(Tool)}.
 */
public enum Tool {
  /**
   * Debian's python3 with numpy and Optuna 3.x, imported as bench/optuna_parzen.py and
   * bench/optuna_tpe.py do.
   */
  OPTUNA("Optuna for Debian's python3", "python3-optuna") {
    @Override
    Optional<String> problem() {
      return PythonImports.problem(
          List.of(
              "import json",
              "import math",
              "import warnings",
              "import numpy as np",
              "import optuna",
              "from optuna.distributions import CategoricalDistribution, FloatDistribution,"
                  + " IntDistribution",
              "from optuna.samplers._search_space.group_decomposed import"
                  + " _GroupDecomposedSearchSpace",
              "from optuna.samplers._tpe import _truncnorm",
              "from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator",
              "from optuna.samplers._tpe.sampler import _get_observation_pairs,"
                  + " _split_observation_pairs",
              "from optuna.trial import TrialState"));
    }
  },
  /**
   * Debian's python3 with numpy and PyTorch (and the BLAS it needs), imported as the reference
   * scripts do.
   */
  TORCH("PyTorch for Debian's python3", "python3-torch libopenblas0-pthread") {
    @Override
    Optional<String> problem() {
      return PythonImports.problem(
          List.of(
              "import argparse",
              "import json",
              "import math",
              "import struct",
              "import numpy as np",
              "import torch",
              "import torch.nn as nn",
              "import torch.nn.functional as F"));
    }
  },
  /** Node.js on the PATH, as {@code node}. */
  NODE("Node.js", "nodejs") {
    @Override
    Optional<String> problem() {
      return run(10, "node", "-e", "console.log('gist-sweep-' + 'probe-ok')")
          .problemUnless(Pattern.compile("gist-sweep-probe-ok"));
    }
  },
  /** Debian's Chromium and its matching chromedriver, able to render a page headless. */
  CHROMIUM("headless Chromium with chromedriver", "chromium chromium-driver") {
    @Override
    Optional<String> problem() {
      CommandResult browser = run(30, Tools.CHROMIUM_BINARY, "--version");
      Pattern browserVersion = Pattern.compile("Chromium (\\d+)\\.");
      Optional<String> p = browser.problemUnless(browserVersion, "'Chromium <version>'");
      if (p.isPresent()) {
        return p;
      }
      CommandResult driver = run(30, Tools.CHROMEDRIVER_BINARY, "--version");
      Pattern driverVersion = Pattern.compile("ChromeDriver (\\d+)\\.");
      p = driver.problemUnless(driverVersion, "'ChromeDriver <version>'");
      if (p.isPresent()) {
        return p;
      }
      String b = browser.find(browserVersion).map(m -> m.group(1)).orElseThrow();
      String d = driver.find(driverVersion).map(m -> m.group(1)).orElseThrow();
      if (!b.equals(d)) {
        return Optional.of("Chromium " + b + " and ChromeDriver " + d + " do not match");
      }
      return run(
              60,
              Tools.CHROMIUM_BINARY,
              "--headless=new",
              "--no-sandbox",
              "--disable-gpu",
              "--dump-dom",
              "data:text/html,<p>gist-sweep-probe-ok</p>")
          .problemUnless(Pattern.compile("gist-sweep-probe-ok"));
    }
  },
  /** A Docker engine that answers {@code docker info} (Testcontainers needs it). */
  DOCKER("a running Docker engine", "docker.io") {
    @Override
    Optional<String> problem() {
      return run(20, "docker", "info", "--format", "{{.ServerVersion}}")
          .problemUnless(Pattern.compile("\\d+\\.\\d+"), "server version");
    }
  },
  /** An NVIDIA GPU with its driver ({@code nvidia-smi -L} lists one). */
  GPU("an NVIDIA GPU and its driver (Debian non-free)", "nvidia-driver") {
    @Override
    Optional<String> problem() {
      return run(20, "nvidia-smi", "-L")
          .problemUnless(Pattern.compile("GPU \\d+:"), "'GPU <n>:' line");
    }
  },
  /** pdflatex with the booktabs package, as the ablation table's LaTeX test compiles it. */
  PDFLATEX("pdflatex with booktabs", "texlive-latex-base texlive-latex-extra") {
    @Override
    Optional<String> problem() {
      Optional<String> p =
          run(20, "pdflatex", "--version").problemUnless(Pattern.compile("pdfTeX"));
      return p.isPresent()
          ? p
          : run(20, "kpsewhich", "booktabs.sty").problemUnless(Pattern.compile("booktabs\\.sty"));
    }
  },
  /** Prometheus' promtool, for {@code promtool check metrics}. */
  PROMTOOL("Prometheus' promtool", "prometheus") {
    @Override
    Optional<String> problem() {
      return run(20, "promtool", "--version").problemUnless(Pattern.compile("promtool"));
    }
  };

  private final String description;
  private final String debianPackages;

  Tool(String description, String debianPackages) {
    this.description = description;
    this.debianPackages = debianPackages;
  }

  /** What the tool is, in words (e.g. "Optuna for Debian's python3"). */
  public String description() {
    return description;
  }

  /** The Debian packages that bring it, space-separated, as for {@code apt-get install -y}. */
  public String debianPackages() {
    return debianPackages;
  }

  /**
   * Runs the probe: why the tool does not work here, or empty when it does. Slow: use {@link
   * Tools#probe(Tool)}.
   */
  abstract Optional<String> problem();

  static CommandResult run(int seconds, String... command) {
    return CommandRunner.run(Duration.ofSeconds(seconds), List.of(command));
  }
}
