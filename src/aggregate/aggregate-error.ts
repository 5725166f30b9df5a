import { RecError, type RecErrorOptions } from '../errors.ts';

/** Bad input to the aggregator (α out of range, a ranking that is not a ranking, …); the message names the field. */
export class AggregationError extends RecError {
  constructor(message: string, options: RecErrorOptions = {}) {
    super('AGGREGATE_BAD_INPUT', message, options);
    this.name = 'AggregationError';
  }
}
