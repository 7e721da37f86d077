import { ConformanceError } from './conformance-error.js';

/** Collects the problems one case finds, so a failure lists all of them at once. */
export class Problems {
  private readonly list: string[] = [];

  constructor(private readonly caseId: string) {}

  /** Records a problem. */
  add(problem: string): void {
    this.list.push(problem);
  }

  /** Records `problem` unless `condition` holds. */
  check(condition: boolean, problem: string | (() => string)): void {
    if (!condition) this.add(typeof problem === 'string' ? problem : problem());
  }

  /** Number of problems so far. */
  get count(): number {
    return this.list.length;
  }

  /** @throws {ConformanceError} listing every problem, when there is any. */
  throwIfAny(): void {
    if (this.list.length > 0) throw new ConformanceError({ caseId: this.caseId, problems: this.list });
  }
}
