/**
 * Helpers shared by the benchmarks: run a measurement in a child process (so each approach has its own
 * peak RSS), take medians, and print a small table with ratios against a baseline from the same run.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Runs `node <nodeFlags> <script> <args>` and returns the JSON object it prints on its last stdout line.
 * `BENCH_CHILD_FLAGS` adds Node flags to every child, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to
 * profile each approach in its own process (Node refuses `--cpu-prof` in `NODE_OPTIONS`).
 */
export function runChild(script, args = [], env = {}, nodeFlags = []) {
  const flags = [...nodeFlags, ...(process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, fileURLToPath(script), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${script} exited with ${code}`));
      const last = out.trim().split('\n').at(-1);
      resolve(JSON.parse(last));
    });
  });
}

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Peak resident set size of this process so far, in MiB: `VmHWM` from /proc/self/status where there is
 * one. Linux keeps `ru_maxrss` (what `resourceUsage().maxRSS` reads) across exec, so a child started by
 * the bench — which holds the whole export, hundreds of MiB — would report the bench's own peak.
 */
export function peakRssMiB() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: maxRSS below
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** Prints rows `{ name, rate, unit, peakMiB }` with each rate and RSS as a ratio of the baseline row. */
export function printTable(title, rows, baselineName) {
  const base = rows.find((row) => row.name === baselineName);
  console.log(`\n${title}`);
  console.log(
    ['approach'.padEnd(40), 'rate'.padStart(14), 'vs base'.padStart(9), 'peak RSS'.padStart(11), 'vs base'.padStart(9)].join(' '),
  );
  for (const row of rows) {
    console.log(
      [
        row.name.padEnd(40),
        `${Math.round(row.rate).toLocaleString('en-US')} ${row.unit}`.padStart(14),
        `${(row.rate / base.rate).toFixed(2)}×`.padStart(9),
        `${row.peakMiB.toFixed(0)} MiB`.padStart(11),
        `${(row.peakMiB / base.peakMiB).toFixed(2)}×`.padStart(9),
      ].join(' '),
    );
  }
}
