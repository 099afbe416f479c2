package org.gistsweep.orchestrator.study;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One control a person applied to a study (pause, resume, stop, cancel, budget, enqueue,
 * stop_trial, archive, restore), as the study JSON lists it.
 *
 * @param at when it took effect
 * @param control its name, e.g. {@code pause}
 * @param call the HTTP call that carries it, e.g. {@code POST /api/studies/{id}/pause}
 * @param args its arguments (empty for the plain ones)
 */
public record ControlRecord(Instant at, String control, String call, Map<String, Object> args) {
  public ControlRecord {
    args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }
}
