/** The states `update_engine_client -status` reports in CURRENT_OP. */
export const UPDATE_ENGINE_STATES = [
  'UPDATE_STATUS_IDLE',
  'UPDATE_STATUS_CHECKING_FOR_UPDATE',
  'UPDATE_STATUS_UPDATE_AVAILABLE',
  'UPDATE_STATUS_DOWNLOADING',
  'UPDATE_STATUS_VERIFYING',
  'UPDATE_STATUS_FINALIZING',
  'UPDATE_STATUS_UPDATED_NEED_REBOOT',
  'UPDATE_STATUS_REPORTING_ERROR_EVENT',
  'UPDATE_STATUS_ATTEMPTING_ROLLBACK',
] as const;

/** One update_engine state. */
export type UpdateEngineState = (typeof UPDATE_ENGINE_STATES)[number];

/** What `update_engine_client -status` printed. */
export interface UpdateEngineStatus {
  readonly currentOperation: UpdateEngineState;
  /** NEW_VERSION, undefined when update_engine reports none (`0.0.0`). */
  readonly newVersion: string | undefined;
  /** LAST_CHECKED_TIME as a Unix timestamp (0 = never). */
  readonly lastCheckedTime: number;
  /** PROGRESS, 0 to 1. */
  readonly progress: number;
}

/**
 * Parses `update_engine_client -status` (`KEY=value` lines: LAST_CHECKED_TIME, PROGRESS,
 * CURRENT_OP, NEW_VERSION, NEW_SIZE). Returns undefined when CURRENT_OP is missing or unknown.
 */
export function parseUpdateEngineStatus(text: string): UpdateEngineStatus | undefined {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z_]+)=(.*?)\s*$/.exec(line);
    if (match) values.set(match[1]!, match[2]!);
  }
  const op = values.get('CURRENT_OP');
  if (!op || !(UPDATE_ENGINE_STATES as readonly string[]).includes(op)) return undefined;
  const newVersion = values.get('NEW_VERSION');
  return {
    currentOperation: op as UpdateEngineState,
    newVersion: newVersion && newVersion !== '0.0.0' ? newVersion : undefined,
    lastCheckedTime: Number(values.get('LAST_CHECKED_TIME') ?? 0) || 0,
    progress: Number(values.get('PROGRESS') ?? 0) || 0,
  };
}

/** The Flatcar version in a node's osImage ("Flatcar Container Linux by Kinvolk 4459.2.1 (Oklo)"). */
export function flatcarVersionOf(osImage: string): string | undefined {
  if (!/Flatcar Container Linux/.test(osImage)) return undefined;
  return /\b(\d+\.\d+\.\d+)\b/.exec(osImage)?.[1];
}

/** Compares Flatcar versions (`4459.2.1`) numerically. */
export function compareFlatcarVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
