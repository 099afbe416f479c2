// The study's search space as the charts need it: one entry per parameter with its axis type.
export function parameters(details) {
  return Object.entries(details.space || {}).map(([name, d]) => ({
    name,
    categorical: d.type === "categorical",
    choices: d.type === "categorical" ? d.choices.map(String) : null,
    log: !!d.log,
    low: typeof d.low === "number" ? d.low : null,
    high: typeof d.high === "number" ? d.high : null
  }));
}

/** The ECharts axis type of a parameter: category, log or value. */
export function axisType(p) {
  return p.categorical ? "category" : p.log ? "log" : "value";
}

/** A parameter's value as plotted: categorical values as strings (booleans too), numbers as they are. */
export function plotted(p, value) {
  if (value === undefined || value === null) return null;
  return p.categorical ? String(value) : value;
}
