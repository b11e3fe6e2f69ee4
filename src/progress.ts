// How long-running work (seeding, imports, exports) reports progress, without knowing whether a terminal watches.

export interface Progress {
  /** Starts a phase of `total` units (rows). */
  begin(label: string, total: number): void;
  advance(units: number): void;
  end(): void;
}

export const silentProgress: Progress = { begin() {}, advance() {}, end() {} };
