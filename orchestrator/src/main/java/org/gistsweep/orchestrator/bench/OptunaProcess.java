package org.gistsweep.orchestrator.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gistsweep.common.spec.CategoricalDistribution;
import org.gistsweep.common.spec.FloatDistribution;
import org.gistsweep.common.spec.IntDistribution;
import org.gistsweep.common.spec.ParameterSpec;
import org.gistsweep.common.spec.SearchSpace;
import org.gistsweep.common.trial.TrialState;

/** Optuna's TPESampler in a /usr/bin/python3 child running bench/optuna_tpe.py (JSON lines). */
final class OptunaProcess implements AutoCloseable {
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  final String version;

  OptunaProcess(Path script) throws IOException {
    process =
        new ProcessBuilder("/usr/bin/python3", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    version =
        call(new JsonObject().put("cmd", "new").put("space", new JsonArray()).put("seed", 0))
            .getString("version");
  }

  /**
   * A fresh Optuna study as an {@link Asker}: TPE with {@code multivariate} (and then {@code
   * group}) and {@code constant_liar} as given, every other setting at Optuna's default.
   */
  Asker study(SearchSpace space, long seed, boolean multivariate, boolean liar) {
    call(
        new JsonObject()
            .put("cmd", "new")
            .put("space", toJson(space))
            .put("seed", seed)
            .put("multivariate", multivariate)
            .put("liar", liar));
    return new Asker() {
      @Override
      public SimTrial ask() {
        JsonObject r = call(new JsonObject().put("cmd", "ask"));
        Map<String, Object> p = new LinkedHashMap<>();
        for (ParameterSpec s : space.parameters()) {
          Object v = r.getJsonObject("params").getValue(s.name());
          if (v != null) {
            p.put(
                s.name(),
                s.distribution() instanceof IntDistribution
                    ? (Object) ((Number) v).longValue()
                    : s.distribution() instanceof FloatDistribution
                        ? (Object) ((Number) v).doubleValue()
                        : v);
          }
        }
        return new SimTrial(r.getInteger("number"), TrialState.RUNNING, p, null);
      }

      @Override
      public void tell(int number, double value) {
        call(new JsonObject().put("cmd", "tell").put("number", number).put("value", value));
      }
    };
  }

  private JsonObject call(JsonObject msg) {
    try {
      in.write(msg.encode() + "\n");
      in.flush();
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("optuna_tpe.py exited");
      }
      return new JsonObject(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonArray toJson(SearchSpace space) {
    JsonArray a = new JsonArray();
    for (ParameterSpec p : space.parameters()) {
      JsonObject o = new JsonObject().put("name", p.name());
      JsonObject when = new JsonObject();
      p.when().forEach((k, v) -> when.put(k, new JsonArray(v)));
      o.put("when", when);
      if (p.distribution() instanceof FloatDistribution f) {
        o.put("type", "float")
            .put("low", f.low())
            .put("high", f.high())
            .put("log", f.log())
            .put("step", f.step() > 0 ? f.step() : null);
      } else if (p.distribution() instanceof IntDistribution i) {
        o.put("type", "int")
            .put("low", i.low())
            .put("high", i.high())
            .put("log", i.log())
            .put("step", i.step());
      } else {
        o.put("type", "categorical")
            .put("choices", new JsonArray(((CategoricalDistribution) p.distribution()).choices()));
      }
      a.add(o);
    }
    return a;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
