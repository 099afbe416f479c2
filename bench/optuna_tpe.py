"""Optuna side of org.gistsweep.orchestrator.bench.SamplerBenchmark.

Speaks JSON lines on stdin/stdout so that the objective functions and the simulated workers stay in
Java and both samplers see exactly the same ask/tell sequence:
  {"cmd": "new", "space": [...], "seed": s, "multivariate": true, "liar": true}
                                                           -> {"ok": true, "version": "3.1.0"}
  {"cmd": "ask"}                                           -> {"number": n, "params": {...}}
  {"cmd": "tell", "number": n, "value": v}                 -> {"ok": true}
Run with /usr/bin/python3 (Debian's python3-optuna).
"""
import json
import sys
import warnings

import optuna

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)


def active(p, chosen):
    for name, allowed in p.get("when", {}).items():
        if name not in chosen or chosen[name] not in allowed:
            return False
    return True


def suggest(trial, space):
    chosen = {}
    for p in space:
        if not active(p, chosen):
            continue
        t = p["type"]
        if t == "float":
            step = p.get("step") or None
            chosen[p["name"]] = trial.suggest_float(p["name"], p["low"], p["high"], log=p.get("log", False), step=step)
        elif t == "int":
            chosen[p["name"]] = trial.suggest_int(p["name"], p["low"], p["high"], log=p.get("log", False), step=p.get("step", 1))
        else:
            chosen[p["name"]] = trial.suggest_categorical(p["name"], p["choices"])
    return chosen


def main():
    study, space, trials = None, None, {}
    for line in sys.stdin:
        msg = json.loads(line)
        cmd = msg["cmd"]
        if cmd == "new":
            space = msg["space"]
            if msg.get("sampler") == "random":
                sampler = optuna.samplers.RandomSampler(seed=msg["seed"])
            else:
                multivariate = msg.get("multivariate", True)
                sampler = optuna.samplers.TPESampler(
                    seed=msg["seed"], multivariate=multivariate, group=multivariate,
                    constant_liar=msg.get("liar", True))
            study = optuna.create_study(direction="minimize", sampler=sampler)
            trials = {}
            out = {"ok": True, "version": optuna.__version__}
        elif cmd == "ask":
            trial = study.ask()
            trials[trial.number] = trial
            out = {"number": trial.number, "params": suggest(trial, space)}
        elif cmd == "tell":
            study.tell(trials.pop(msg["number"]), msg["value"])
            out = {"ok": True}
        else:
            out = {"error": "unknown command " + cmd}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
