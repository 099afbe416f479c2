// ECharts "lines" series data in its flat form, which large mode draws as one canvas path:
// [2, x0, y0, x1, y1] per straight segment. Views give segments, not polylines: ECharts 5.3.1
// computes a large polyline path's bounding box from the wrong numbers, so the mouse never finds
// one. Large-mode lines also never report data index 0 to the tooltip (the test is
// `dataIndex > 0`), so every series starts with one zero-length segment, which draws nothing, and
// views subtract TOOLTIP_PAD from the index a tooltip gets.
export const TOOLTIP_PAD = 1;

/** Flat data for segments given as [[x0, y0], [x1, y1]]. */
export function segments(list) {
  const out = new Float64Array(5 * (list.length + 1));
  out[0] = 2;
  let i = 5;
  for (const [[x0, y0], [x1, y1]] of list) {
    out[i++] = 2;
    out[i++] = x0;
    out[i++] = y0;
    out[i++] = x1;
    out[i++] = y1;
  }
  return out;
}

/**
 * Makes the large lines paths of {@code chart} hoverable. ECharts 5.3.1
 * has two faults there: it adds a start index it never sets to the index it hands the tooltip (so
 * the tooltip gets NaN and shows nothing), and it tests the pointer against a bounding box built
 * from the wrong corners (so a path whose points include negative pixels, as bars scrolled out of
 * a zoomed timeline do, is never hit). Each series is one path: its start index is 0, and the
 * pointer is tested against the segments themselves. ECharts makes new paths whenever it redraws
 * (a resize, a zoom), so views call this on every "finished" event.
 */
export function enableLineTooltips(chart) {
  for (const e of chart.getZr().storage.getDisplayList()) {
    if (!e.shape || !e.shape.segs || typeof e.findDataIndex !== "function") continue;
    if (e.__startIndex === undefined) e.__startIndex = 0;
    e.contain = function (x, y) {
      const local = this.transformCoordToLocal(x, y);
      this.hoverDataIdx = this.findDataIndex(local[0], local[1]);
      return this.hoverDataIdx >= 0;
    };
  }
}

/**
 * Call right before each setOption that gives lines series new data: it makes each lines series
 * forget its previous data. ECharts 5.3.1 mishandles replacing it in two ways: it offsets the new
 * flat data by the length of the old (the offsets appendData needs), so a redraw read its lines
 * from past the end of the data and drew nothing; and it merges the new data into the old typed
 * array element by element, so a series never held more lines than it first had.
 */
export function forgetLineData(chart) {
  const model = chart.getModel();
  if (!model) return; // nothing drawn yet
  for (const s of model.getSeries()) {
    if (s.subType !== "lines") continue;
    s._flatCoords = null;
    s.option.data = null;
  }
}
