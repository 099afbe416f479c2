/**
 * Paper-ready ablation tables: one model ({@link
 * org.gistsweep.orchestrator.ablation.AblationTable}) built from a study's trials, rendered by the
 * HTTP API ({@code GET /api/studies/{id}/ablation}), the CLI ({@code gist-sweep report}) and every
 * export (JSON, Markdown, LaTeX, CSV, text).
 *
 * <p>Pure: the table is a function of the trials and the query; it imports only java.*, common, the
 * study snapshots and Smile's Student's t distribution. The renderers only format the model, so the
 * CLI and the API print the same numbers for the same study.
 */
package org.gistsweep.orchestrator.ablation;
