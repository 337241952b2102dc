// The one shape of a Tableside log line, for both runtimes: pino's JSON
// (numeric `level`, `time` in ms) with `service`, `runtime` and, whenever a
// request is being served, the `requestId` middleware.ts minted for it. The
// Node runtime writes through pino (server/log.ts); the edge runtime, where
// pino does not run, writes the same shape with `edgeLog`. Edge-safe.

export const LOG_LEVELS = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;
export type LogEntry = Record<string, unknown> & { msg: string };

export const LOG_BASE = { service: 'tableside' } as const;

export function edgeLog(level: LogLevel, entry: LogEntry): void {
  console.log(JSON.stringify({ level: LOG_LEVELS[level], time: Date.now(), ...LOG_BASE, runtime: 'edge', ...entry }));
}
