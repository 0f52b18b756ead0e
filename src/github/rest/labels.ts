import type { Gateway } from "../gateway.js";
import { AlreadyExistsError, isAlreadyExists } from "../errors.js";
import { toLabelRecord } from "../map-records.js";
import type { RepoRequests } from "./requests.js";

export type LabelMethods = Pick<Gateway, "listLabels" | "createLabel">;

/** Labels: `/repos/{owner}/{repo}/labels`. */
export function labelMethods(r: RepoRequests): LabelMethods {
  return {
    async listLabels() {
      const labels = await r.getAllPages<{ name: string; color?: string }>(`${r.base}/labels?per_page=100`);
      return labels.map(toLabelRecord);
    },

    async createLabel(label) {
      try {
        await r.write("POST", `${r.base}/labels`, {
          name: label.name,
          color: label.color,
          ...(label.description !== undefined ? { description: label.description } : {}),
        });
      } catch (error) {
        if (isAlreadyExists(error)) throw new AlreadyExistsError("label", label.name);
        throw error;
      }
    },
  };
}
