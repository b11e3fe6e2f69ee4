// Progress on a terminal as one redrawn line; elsewhere (CI, pipes) as a log line every few seconds.

import type { Progress } from '../progress.ts';

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  let label = '',
    total = 0,
    done = 0,
    started = 0,
    lastDraw = 0;

  const line = () => {
    const secs = (Date.now() - started) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const pct = total > 0 ? Math.min(100, (done / total) * 100) : 100;
    const left = rate > 0 ? (total - done) / rate : Infinity;
    if (!tty)
      return `${label}: ${fmt(done)}/${fmt(total)} rows (${pct.toFixed(0)}%), ${fmt(rate)} rows/s, ${duration(left)} left`;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    return `${label.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(total)} ${fmt(rate)} rows/s ${duration(left)} left`;
  };

  return {
    begin(l, t) {
      label = l;
      total = t;
      done = 0;
      started = Date.now();
      lastDraw = 0;
    },
    advance(n) {
      done += n;
      const now = Date.now();
      if (tty && now - lastDraw > 100) {
        stream.write(`\r\x1b[2K${line()}`);
        lastDraw = now;
      } else if (!tty && now - lastDraw > 5000 && lastDraw !== 0) {
        stream.write(`${line()}\n`);
        lastDraw = now;
      } else if (!tty && lastDraw === 0) {
        lastDraw = now;
      }
    },
    end() {
      const secs = (Date.now() - started) / 1000;
      const summary = `${label}: ${fmt(done)} rows in ${secs.toFixed(1)}s (${fmt(secs > 0 ? done / secs : done)} rows/s)`;
      stream.write(tty ? `\r\x1b[2K${summary}\n` : `${summary}\n`);
    },
  };
}
