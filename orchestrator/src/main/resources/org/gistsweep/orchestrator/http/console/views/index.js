// Every view of the console. A view is { key, title, mount(host, ctx) } and mount returns
// { changed(change), render() -> promise(s) | undefined, destroy(), ready() }: changed() is told of
// each store change (cheap bookkeeping only), render() draws once per animation frame, and the
// optional ready() says whether what it loads besides the stream (importance, ablation) is drawn.
import studies from "./studies.js";
import leaderboard from "./leaderboard.js";
import historyView from "./history.js";
import curves from "./curves.js";
import trial from "./trial.js";
import parallel from "./parallel.js";
import importance from "./importance.js";
import slices from "./slices.js";
import pareto from "./pareto.js";
import timeline from "./timeline.js";
import ablation from "./ablation.js";
import compare from "./compare.js";

export const VIEWS = [leaderboard, historyView, curves, parallel, importance, slices, pareto, timeline, ablation, compare];
export const TRIAL_VIEW = trial;
export const STUDIES_VIEW = studies;
