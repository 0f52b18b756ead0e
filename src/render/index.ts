// The public API of src/render/: issue bodies, titles, labels, markers, PR comments and check-run output.
// What other folders use; test/lint/public-index.test.ts pins the names.
export { CHECK_RUN_NAME, type CheckRunOutput, countEffects, type PlanCounts, renderCheckRun } from "./check-run.js";
export { renderIssueLabels } from "./issue-labels.js";
export { parseIssueBody } from "./issue-parse.js";
export { commitUrl, type RenderContext, renderIssue } from "./issue-render.js";
export { renderIssueTitle, titleWithoutScope } from "./issue-title.js";
export { type Marker, parseMarker, replaceMarker, withDeps, withDone } from "./marker.js";
export { PR_COMMENT_MARKER, type PrPlanSection, renderPrComment, type TaskReference } from "./pr-comment.js";
export { progressByArea } from "./progress.js";
export { parseTrackingMarker, renderTrackingIssue, type TrackingRender } from "./tracking-issue.js";
