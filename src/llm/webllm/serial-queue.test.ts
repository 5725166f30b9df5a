import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SerialQueue', () => {
  it('never runs two tasks at once and keeps arrival order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, i) =>
      queue.run(async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        log.push(`start ${i}`);
        await gate.promise;
        log.push(`end ${i}`);
        running -= 1;
        return i;
      }),
    );
    await tick();
    expect(queue.pending).toBe(2);
    gates[2]!.release();
    gates[1]!.release();
    await tick();
    expect(log).toEqual(['start 0']);
    gates[0]!.release();
    expect(await Promise.all(results)).toEqual([0, 1, 2]);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    expect(maxRunning).toBe(1);
  });

  it('a failing task does not stop the next one', async () => {
    const queue = new SerialQueue();
    const first = queue.run(async () => {
      throw new Error('boom');
    });
    const second = queue.run(async () => 'ok');
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe('ok');
  });

  it('drops a waiting task whose signal fires, without letting the next one overtake the running one', async () => {
    const queue = new SerialQueue();
    const gate = deferred();
    const log: string[] = [];
    const a = queue.run(async () => {
      log.push('a');
      await gate.promise;
      log.push('a done');
    });
    const controller = new AbortController();
    const b = queue.run(async () => void log.push('b'), controller.signal);
    const c = queue.run(async () => void log.push('c'));
    controller.abort();
    await expect(b).rejects.toMatchObject({ code: 'ABORTED' });
    await tick();
    expect(log).toEqual(['a']);
    gate.release();
    await Promise.all([a, c]);
    expect(log).toEqual(['a', 'a done', 'c']);
  });
});
