import { expect, test } from 'vitest';
import { DEMO_TRAIN_REQUEST, demoTrainRequest } from './training-controller.ts';

test('?epochs=N (1–200) sets the epochs; anything else keeps the default', () => {
  expect(demoTrainRequest('?epochs=2')).toEqual({ ...DEMO_TRAIN_REQUEST, epochs: 2 });
  expect(demoTrainRequest('?x=1&epochs=200').epochs).toBe(200);
  for (const bad of ['', '?epochs=0', '?epochs=201', '?epochs=2.5', '?epochs=abc', '?epochs=']) {
    expect(demoTrainRequest(bad)).toBe(DEMO_TRAIN_REQUEST);
  }
});
