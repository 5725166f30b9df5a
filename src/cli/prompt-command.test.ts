import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from './prompt-command.ts';

const data = 'public/data/ml-latest-small';

async function printed(args: string[]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const code = await run(args);
  expect(code).toBe(0);
  return log.mock.calls.map((call) => call.join(' ')).join('\n');
}

afterEach(() => vi.restoreAllMocks());

describe('l4r prompt', () => {
  it('rating: the target is the held-out latest item, absent from the history; stand-ins are labelled', async () => {
    const text = await printed(['--data', data, '--user', '1', '--task', 'rating', '--context', '2048', '--mf-epochs', '0']);
    expect(text).toContain('# l4r prompt · prompt version l4r-prompts-2 · task rating');
    expect(text).toMatch(/# similar user: \d+ \(similarity 0\.\d{3}: cosine of training rating vectors; stand-in for MF user embeddings\)/);
    expect(text).toContain('stand-in for the MF predicted rating');
    const target = /Target movie: (".*?")/.exec(text)?.[1];
    expect(target).toBeDefined();
    expect(text.split('Target movie:')[0]).not.toContain(`${target}:`);
    expect(text).toMatch(/Conventional model prediction: \d\.\d/);
    expect(text).toContain('=== system ===');
  });

  it('switches augmentation off part by part', async () => {
    const text = await printed(['--data', data, '--user', '5', '--task', 'rank', '--no-similar-user', '--no-mf-hint', '--mf-epochs', '0']);
    expect(text).toContain('# similar user: off (--no-similar-user)');
    expect(text).toContain('# conventional-model hint: off (--no-mf-hint)');
    expect(text).not.toContain("Most similar user's history");
    expect(text).not.toContain("Conventional model's ranking");
    expect(text).toContain('[J] ');
  });

  it('uses a freshly trained MF model for the similar user, candidates and hint by default', async () => {
    const text = await printed(['--data', data, '--user', '5', '--task', 'pair', '--mf-epochs', '1']);
    expect(text).toMatch(/# conventional model: MF \(mf-bpr, 1 epochs, (wasm|cpu)\)/);
    expect(text).toMatch(/# similar user: \d+ \(similarity -?[01]\.\d{3}: cosine of MF user embeddings \(mf-bpr\)\)/);
    expect(text).toMatch(/Conventional model's preference: [AB]/);
    expect(text).toContain('Liked, rated 4 or higher');
  });

  it('names an unknown user with a typed error', async () => {
    await expect(run(['--data', data, '--user', 'nobody', '--task', 'pair'])).rejects.toMatchObject({ code: 'UNKNOWN_USER' });
  });

  it('rejects an unknown task before reading any data', async () => {
    await expect(run(['--data', '/nonexistent', '--user', '1', '--task', 'poem'])).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});
