import { RecError, type RecErrorCode, type RecErrorOptions } from '../errors.ts';

/** A failure of an evaluation run: bad split, model/table mismatch, or a model emitting non-finite scores. */
export class EvalError extends RecError {
  constructor(
    code: Extract<RecErrorCode, `EVAL_${string}`>,
    message: string,
    options: RecErrorOptions = {},
  ) {
    super(code, message, options);
    this.name = 'EvalError';
  }
}
