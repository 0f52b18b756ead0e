import { parseTrackingMarker } from "../../src/render/tracking-issue.js";

/**
 * Every plan gets a tracking issue by default (`tracking`, see
 * test/scenarios/push-tracking.test.ts). Tests about task issues count those
 * apart from it, and tests about duplicates check it is there once.
 */
export const isTrackingIssue = (issue: { body?: string | null }): boolean =>
  parseTrackingMarker(issue.body ?? "") !== null;

export const isTaskIssue = (issue: { body?: string | null }): boolean => !isTrackingIssue(issue);
