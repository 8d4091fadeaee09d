/**
 * The live progress of a sync: a bar on a terminal (cli-progress), one line per finished entity
 * otherwise — never an escape code in a log file or a pipe.
 */
import { SingleBar } from 'cli-progress';
import type { SyncProgress } from '@getinn/iiko-sync';
import type { CliOutput } from '../io';

/** Receives the sync's progress events; `stop` ends the display (also after a failure). */
export interface ProgressDisplay {
  readonly onProgress: (progress: SyncProgress) => void;
  stop(): void;
}

/**
 * A progress display on `stream`: a bar when it is a terminal, plain lines when it is not, nothing when
 * `quiet`.
 */
export function progressDisplay(stream: CliOutput, options: { quiet: boolean }): ProgressDisplay {
  if (options.quiet) return { onProgress: () => {}, stop: () => {} };
  if (stream.isTTY !== true) {
    return {
      onProgress: (progress) => {
        if (progress.phase === 'done') stream.write(`  ${progress.entity}: ${progress.stored} stored of ${progress.fetched} read\n`);
      },
      stop: () => {},
    };
  }
  const bar = new SingleBar({
    format: '  syncing [{bar}] {percentage}% | {entity} {detail}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
    stream: stream as unknown as NodeJS.WritableStream,
  });
  let running = false;
  return {
    onProgress: (progress) => {
      const detail = progress.window ? `${progress.window.from} … ${progress.window.to}` : `${progress.stored}/${progress.fetched}`;
      const payload = { entity: progress.entity.padEnd(11), detail };
      if (!running) {
        bar.start(progress.steps.total, progress.steps.completed, payload);
        running = true;
      }
      bar.setTotal(progress.steps.total);
      bar.update(progress.steps.completed, payload);
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}
