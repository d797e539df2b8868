// The order in which `vitest run` hands test files to its two workers: the longest first, whatever
// their project, so that a long file does not start last and run on while the other worker idles
// (vitest's own order runs one project after another, longest first only within each). Durations
// are those of the last run (vitest's cache); files without one (a fresh clone, a new file) go
// first, by how long their kind of file usually takes, then by size.
// The files of a project whose workers are reused (isolate: false, vitest.config.ts) are kept
// together, where the first of them falls: vitest keeps such a worker for the next file only if
// that file, the next in line, is of the same project.
import { relative } from "node:path";

import { BaseSequencer, type TestSpecification } from "vitest/node";

/** Usual cost of a file by project, most first, for files the cache knows nothing of. */
const PROJECT_RANK = ["e2e", "system", "integration", "unit"];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const costOf = (spec: TestSpecification) => {
      const key = `${spec.project.name}:${relative(config.root, spec.moduleId)}`;
      const rank = PROJECT_RANK.indexOf(spec.project.name);
      return {
        duration: cache.getFileTestResults(key)?.duration,
        rank: rank === -1 ? PROJECT_RANK.length : rank,
        size: cache.getFileStats(key)?.size ?? 0,
      };
    };
    const costs = new Map(files.map((spec) => [spec, costOf(spec)]));
    const longestFirst = [...files].sort((a, b) => {
      const [ca, cb] = [costs.get(a)!, costs.get(b)!];
      if (ca.duration !== undefined && cb.duration !== undefined) return cb.duration - ca.duration;
      if (ca.duration === undefined && cb.duration === undefined)
        return ca.rank - cb.rank || cb.size - ca.size;
      return ca.duration === undefined ? -1 : 1;
    });
    const ordered: TestSpecification[] = [];
    for (const spec of longestFirst) {
      if (ordered.includes(spec)) continue;
      if (spec.project.config.isolate) ordered.push(spec);
      else ordered.push(...longestFirst.filter((other) => other.project === spec.project));
    }
    return ordered;
  }
}
