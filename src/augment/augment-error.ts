import { RecError, type RecErrorOptions } from '../errors.ts';

/** A data-augmentation budget or plan that cannot be carried out; the message names the field. */
export class AugmentError extends RecError {
  constructor(message: string, options: RecErrorOptions = {}) {
    super('AUGMENT_BAD_BUDGET', message, options);
    this.name = 'AugmentError';
  }
}
