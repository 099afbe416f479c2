"""Dumps what Optuna 3.1's TPESampler builds from one fixed history, for TpeParityTest.

Reads one JSON object on stdin:
  {"space": [...as optuna_tpe.py...], "trials": [{"number", "state", "params", "value"}],
   "multivariate": bool, "liar": bool, "points": [{name: value}]}
and writes, per estimator pair (one per group when multivariate, else one per parameter):
  {"params": [names], "below": [trial numbers], "above": [...],
   "l": {"weights", "mus": {name: [..]}, "sigmas", "low", "high", "cat": {name: [[..]]}}, "g": {...},
   "logl31", "logg31": Optuna 3.1's log_pdf at the points that have every parameter of the pair,
   "logl", "logg": the same with the -log(sigma) term that 3.1's truncnorm.logpdf omits
                   (optuna issue #5109, fixed in 3.5)}
Run with /usr/bin/python3 (Debian's python3-optuna). Reads Optuna's private API on purpose.
"""
import json
import math
import sys
import warnings

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution
from optuna.samplers._search_space.group_decomposed import _GroupDecomposedSearchSpace
from optuna.samplers._tpe import _truncnorm
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator
from optuna.samplers._tpe.sampler import _get_observation_pairs
from optuna.samplers._tpe.sampler import _split_observation_pairs
from optuna.trial import TrialState

warnings.filterwarnings("ignore")
optuna.logging.set_verbosity(optuna.logging.ERROR)


def distribution(p):
    if p["type"] == "float":
        return FloatDistribution(p["low"], p["high"], log=p.get("log", False), step=p.get("step") or None)
    if p["type"] == "int":
        return IntDistribution(p["low"], p["high"], log=p.get("log", False), step=p.get("step", 1))
    return CategoricalDistribution(p["choices"])


def study_of(msg, dists):
    study = optuna.create_study(direction=msg.get("direction", "minimize"))
    for t in msg["trials"]:
        params = t["params"]
        trial = optuna.trial.create_trial(
            state=TrialState[t["state"]],
            params=params,
            distributions={k: dists[k] for k in params},
            value=t.get("value"),
            intermediate_values={int(k): v for k, v in t.get("intermediate", {}).items()},
        )
        study.add_trial(trial)
    return study


def estimator_json(pe, names, dists):
    out = {"weights": pe._weights.tolist(), "mus": {}, "sigmas": {}, "low": {}, "high": {}, "cat": {}}
    for n in names:
        if isinstance(dists[n], CategoricalDistribution):
            out["cat"][n] = pe._categorical_weights[n].tolist()
        else:
            out["mus"][n] = pe._mus[n].tolist()
            out["sigmas"][n] = pe._sigmas[n].tolist()
            out["low"][n] = float(pe._low[n])
            out["high"][n] = float(pe._high[n])
    return out


def corrected_log_pdf(pe, samples):
    """Optuna 3.1's log_pdf with the -log(sigma) of each numeric kernel put back."""
    samples = pe._transform_to_uniform(samples)
    n = next(iter(samples.values())).size
    comp = np.zeros((n, len(pe._weights)))
    for name, dist in pe._search_space.items():
        x = samples[name]
        if isinstance(dist, CategoricalDistribution):
            comp += np.log(pe._categorical_weights[name].T[x.astype(int), :])
            continue
        low, high, q = pe._low[name], pe._high[name], pe._q[name]
        mus, sigmas = pe._mus[name], pe._sigmas[name]
        accept = _truncnorm._log_gauss_mass((low - mus) / sigmas, (high - mus) / sigmas)
        if q is None:
            z = (x[:, None] - mus) / sigmas
            comp += -0.5 * z * z - math.log(math.sqrt(2 * math.pi)) - np.log(sigmas) - accept
        else:
            upper = np.minimum(x + q / 2.0, high)
            lower = np.maximum(x - q / 2.0, low)
            comp += _truncnorm._log_gauss_mass((lower[:, None] - mus) / sigmas, (upper[:, None] - mus) / sigmas) - accept
    w = comp + np.log(pe._weights)
    top = w.max(axis=1)
    return np.log(np.exp(w - top[:, None]).sum(axis=1)) + top


def pair(study, names, dists, sampler, liar, points):
    values, scores, _ = _get_observation_pairs(study, names, liar, False)
    n = sum(s < float("inf") for s, v in scores)
    below_idx, above_idx = _split_observation_pairs(scores, sampler._gamma(n), None)
    numbers = [t.number for t in study.get_trials(deepcopy=False, states=(
        (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING) if liar else (TrialState.COMPLETE, TrialState.PRUNED)))]
    cfg = {k: np.asarray(v, dtype=float) for k, v in values.items()}
    mask = ~np.isnan(cfg[names[0]])
    below_sel = below_idx[mask[below_idx]]
    above_sel = above_idx[mask[above_idx]]
    space = {k: dists[k] for k in names}
    params = sampler._parzen_estimator_parameters
    l = _ParzenEstimator({k: v[below_sel] for k, v in cfg.items()}, space, params)
    g = _ParzenEstimator({k: v[above_sel] for k, v in cfg.items()}, space, params)
    pts = [p for p in points if all(k in p for k in names)]
    out = {"params": names, "below": [numbers[i] for i in below_sel], "above": [numbers[i] for i in above_sel],
           "l": estimator_json(l, names, dists), "g": estimator_json(g, names, dists), "points": len(pts)}
    if pts:
        samples = {k: np.asarray([dists[k].to_internal_repr(p[k]) for p in pts], dtype=float) for k in names}
        samples = {k: (v.astype(int) if isinstance(dists[k], CategoricalDistribution) else v) for k, v in samples.items()}
        out["logl31"] = l.log_pdf(dict(samples)).tolist()
        out["logg31"] = g.log_pdf(dict(samples)).tolist()
        out["logl"] = corrected_log_pdf(l, dict(samples)).tolist()
        out["logg"] = corrected_log_pdf(g, dict(samples)).tolist()
    return out


def main():
    msg = json.load(sys.stdin)
    dists = {p["name"]: distribution(p) for p in msg["space"]}
    order = [p["name"] for p in msg["space"]]
    study = study_of(msg, dists)
    multivariate = msg.get("multivariate", True)
    liar = msg.get("liar", False)
    sampler = optuna.samplers.TPESampler(multivariate=multivariate, group=multivariate, constant_liar=liar)
    pairs = []
    if multivariate:
        groups = _GroupDecomposedSearchSpace(True).calculate(study).search_spaces
        for g in groups:
            names = sorted(g.keys(), key=order.index)
            pairs.append(pair(study, names, dists, sampler, liar, msg.get("points", [])))
    else:
        for name in order:
            if any(name in t["params"] for t in msg["trials"] if t["state"] in ("COMPLETE", "PRUNED")):
                pairs.append(pair(study, [name], dists, sampler, liar, msg.get("points", [])))
    json.dump({"version": optuna.__version__, "pairs": pairs}, sys.stdout)


if __name__ == "__main__":
    main()
