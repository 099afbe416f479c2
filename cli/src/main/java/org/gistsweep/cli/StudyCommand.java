package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gist-sweep study
 * list|show|pause|resume|stop|cancel|archive|restore|extend|enqueue|stop-trial|suspend} ({@code
 * study suspend ID N} hands trial N back with a checkpoint; {@code study resume ID N} requeues it):
 * look at and steer the studies of a running orchestrator through its HTTP API.
 */
@Command(
    name = "study",
    mixinStandardHelpOptions = true,
    description =
        "List, show and steer the studies of a running orchestrator (pause, resume, stop, cancel,"
            + " extend, enqueue, stop one trial, archive, restore).",
    subcommands = {
      StudyCommand.ListStudies.class,
      StudyCommand.Show.class,
      StudyCommand.Pause.class,
      StudyCommand.Resume.class,
      StudyCommand.Stop.class,
      StudyCommand.Cancel.class,
      StudyCommand.Archive.class,
      StudyCommand.Restore.class,
      StudyCommand.Extend.class,
      StudyCommand.Enqueue.class,
      StudyCommand.StopTrial.class,
      StudyCommand.Suspend.class
    })
final class StudyCommand implements Runnable {
  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where the orchestrator is and the token its changing calls need. */
  static final class Target {
    @Option(
        names = "--orchestrator",
        paramLabel = "URL",
        defaultValue = "http://127.0.0.1:8080",
        description = "The orchestrator's address (default: ${DEFAULT-VALUE}).")
    String orchestrator;

    @Mixin ApiTokenOptions apiToken = new ApiTokenOptions();

    OrchestratorClient client() {
      return new OrchestratorClient(orchestrator, apiToken.secret());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the studies, newest first.")
  static final class ListStudies implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Option(names = "--archived", description = "List the archived studies instead.")
    boolean archived;

    @Override
    public Integer call() {
      JsonNode studies =
          target.client().get("/api/studies" + (archived ? "?archived=true" : "")).path("studies");
      StudyText.table(studies).forEach(System.out::println);
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Show a study: state, budget, best, queued params, controls applied and trials.")
  static final class Show implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      StudyText.details(target.client().get("/api/studies/" + id + "/trials"))
          .forEach(System.out::println);
      return 0;
    }
  }

  /** A control without arguments. */
  abstract static class Plain implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    abstract String path();

    abstract String done();

    boolean delete() {
      return false;
    }

    /** The query of the DELETE ({@code ?artifacts=true}), or "". */
    String query() {
      return "";
    }

    @Override
    public Integer call() {
      OrchestratorClient c = target.client();
      JsonNode r =
          delete()
              ? c.delete("/api/studies/" + id + query())
              : c.post("/api/studies/" + id + "/" + path(), null);
      System.out.println(
          StudyText.outcome(id, done(), r)
              + (r.path("artifacts_deleted").asBoolean() ? " Its artifacts were deleted." : ""));
      return 0;
    }
  }

  @Command(
      name = "pause",
      mixinStandardHelpOptions = true,
      description = "Dispatch no new trial; running trials go on.")
  static final class Pause extends Plain {
    String path() {
      return "pause";
    }

    String done() {
      return "paused";
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = {
        "Dispatch trials again after a pause; with N, requeue the suspended trial N instead:",
        "its next attempt resumes from its latest epoch checkpoint."
      })
  static final class Resume extends Plain {
    @Parameters(
        index = "1",
        paramLabel = "N",
        arity = "0..1",
        description = "A suspended trial's number (leave out to resume the study).")
    Integer trial;

    String path() {
      return trial == null ? "resume" : "trials/" + trial + "/resume";
    }

    String done() {
      return trial == null ? "resumed" : "trial " + trial + " requeued from its latest checkpoint";
    }
  }

  @Command(
      name = "suspend",
      mixinStandardHelpOptions = true,
      description = {
        "Hand one trial back after its current epoch, with that epoch's checkpoint stored, to free"
            + " its worker;",
        "a trial that waits is suspended at once. `study resume ID N` requeues it where it stopped."
      })
  static final class Suspend extends Plain {
    @Parameters(index = "1", paramLabel = "N", description = "The trial number.")
    int trial;

    String path() {
      return "trials/" + trial + "/suspend";
    }

    String done() {
      return "trial " + trial + " suspended (a running one once its worker finishes the epoch)";
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description =
          "Stop gracefully: no new trials (waiting ones are cancelled), running trials finish, then"
              + " the study is stopped.")
  static final class Stop extends Plain {
    String path() {
      return "stop";
    }

    String done() {
      return "stopping";
    }
  }

  @Command(
      name = "cancel",
      mixinStandardHelpOptions = true,
      description =
          "Cancel now: running trials stop within one training step and are recorded CANCELLED"
              + " (their epochs are kept).")
  static final class Cancel extends Plain {
    String path() {
      return "cancel";
    }

    String done() {
      return "cancelled";
    }
  }

  @Command(
      name = "archive",
      mixinStandardHelpOptions = true,
      description =
          "Hide a finished study from lists (kept in the journal; `study restore` brings it back);"
              + " --artifacts also deletes its artifacts.")
  static final class Archive extends Plain {
    @Option(
        names = "--artifacts",
        description = "Also delete every artifact of the study (weights and logs) from the store.")
    boolean artifacts;

    String path() {
      return "";
    }

    @Override
    String query() {
      return artifacts ? "?artifacts=true" : "";
    }

    String done() {
      return "archived";
    }

    @Override
    boolean delete() {
      return true;
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = "Bring an archived study back into the lists.")
  static final class Restore extends Plain {
    String path() {
      return "restore";
    }

    String done() {
      return "restored";
    }
  }

  @Command(
      name = "extend",
      mixinStandardHelpOptions = true,
      description =
          "Set the trial budget (and optionally parallel); raising it on a complete study reopens"
              + " it with the same sampler state.")
  static final class Extend implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(
        names = "--trials",
        required = true,
        paramLabel = "N",
        description = "The new total number of trials.")
    int trials;

    @Option(
        names = "--parallel",
        paramLabel = "P",
        description = "Trials that may run at once (unchanged when left out).")
    Integer parallel;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("trials", trials);
      if (parallel != null) {
        body.put("parallel", parallel);
      }
      JsonNode r = target.client().post("/api/studies/" + id + "/budget", body);
      System.out.println(
          StudyText.outcome(id, "extended to " + r.path("max_trials").asInt() + " trials", r));
      return 0;
    }
  }

  @Command(
      name = "enqueue",
      mixinStandardHelpOptions = true,
      description =
          "Run these params as the next trial; parameters left out are sampled (as Optuna's"
              + " enqueue_trial).")
  static final class Enqueue implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Option(
        names = "--param",
        required = true,
        paramLabel = "NAME=VALUE",
        description =
            "One parameter of the space, e.g. --param lr=0.001 --param gist=true (repeat for"
                + " several).")
    List<String> params;

    @Override
    public Integer call() {
      JsonNode r =
          target
              .client()
              .post("/api/studies/" + id + "/enqueue", Map.of("params", ParamValues.parse(params)));
      System.out.println(
          StudyText.outcome(id, "has " + r.path("enqueued").size() + " queued trial(s)", r));
      return 0;
    }
  }

  @Command(
      name = "stop-trial",
      mixinStandardHelpOptions = true,
      description =
          "Stop one running trial within one training step, recorded as pruned (default) or"
              + " cancelled.")
  static final class StopTrial implements Callable<Integer> {
    @Mixin Target target = new Target();

    @Parameters(index = "0", paramLabel = "ID")
    String id;

    @Parameters(index = "1", paramLabel = "N", description = "The trial number.")
    int trial;

    @Option(
        names = "--as",
        paramLabel = "pruned|cancelled",
        defaultValue = "pruned",
        description = "How the trial is recorded (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Integer call() {
      if (!as.equals("pruned") && !as.equals("cancelled")) {
        throw new InvalidConfigException("--as must be pruned or cancelled, got '" + as + "'");
      }
      JsonNode r =
          target
              .client()
              .post("/api/studies/" + id + "/trials/" + trial + "/stop", Map.of("as", as));
      System.out.println(StudyText.outcome(id, "trial " + trial + " stopped as " + as, r));
      return 0;
    }
  }
}
