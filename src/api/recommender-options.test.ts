// createRecommender's options are checked before anything opens or loads, naming the bad field.
import { describe, expect, it } from 'vitest';
import { RecError } from '../errors.ts';
import { validateRecommenderOptions } from './recommender-options.ts';

describe('validateRecommenderOptions', () => {
  const rejects = (options: object, field: string) => {
    let error: unknown;
    try {
      validateRecommenderOptions(options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecError);
    expect((error as RecError).code).toBe('CONFIG_INVALID');
    expect((error as RecError).message).toContain(field);
  };
  it('names the bad field', () => {
    rejects({ alpha: { alpha1: 1.5, alpha2: 0.1 } }, 'alpha.alpha1');
    rejects({ kPrime: 0 }, 'kPrime');
    rejects({ mf: { dim: 0 } }, '"dim"');
    rejects({ mf: { epochs: 2.5 } }, 'mf.epochs');
    rejects({ llm: 'llama' }, 'llm');
    rejects({ augmentEngine: { kind: 'test-double', script: 'oracle' } }, 'oracle');
    rejects({ trainIn: 'gpu' }, 'trainIn');
    rejects({ mf: { backend: 'gpu' } }, `"mf.backend" must be one of 'auto', 'webgpu', 'webgl', 'wasm', 'cpu' (got "gpu")`);
    expect(() => validateRecommenderOptions({ alpha: { alpha1: 0.5, alpha2: 0.3 }, mf: { dim: 8, epochs: 3 }, kPrime: 10 })).not.toThrow();
    expect(() => validateRecommenderOptions({ mf: { backend: 'webgpu' } })).not.toThrow();
    rejects({ backbone: 'sasrec' }, `"backbone" must be 'mf' or 'lightgcn'`);
    rejects({ lightgcn: { layers: 9 } }, 'option "lightgcn": LightGCN option "layers"');
    rejects({ lightgcn: { lr: -1 } }, '"lr"');
    rejects({ lightgcn: { validateEvery: 0 } }, 'lightgcn.validateEvery');
    expect(() => validateRecommenderOptions({ backbone: 'lightgcn', lightgcn: { layers: 2, epochs: 10, validateEvery: 2 } })).not.toThrow();
    rejects({ sasrec: { heads: 3 } }, 'option "sasrec": SASRec option "heads" must be a divisor of dim (64)');
    rejects({ sasrec: { windows: 'some' } }, '"windows"');
    rejects({ sasrec: { validateEvery: 0 } }, 'sasrec.validateEvery');
    expect(() => validateRecommenderOptions({ sasrec: { dim: 16, maxLen: 20, negatives: 4, epochs: 10 } })).not.toThrow();
  });
});
