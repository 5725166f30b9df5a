/** The error classes the augmentation worker can throw, registered on both sides of its boundary. */
import { AggregationError } from '../aggregate/aggregate-error.ts';
import { AugmentError } from '../augment/augment-error.ts';
import { AbortedError } from '../errors.ts';
import { LLM_ERROR_CLASSES } from '../llm/llm-errors.ts';
import { installRecErrorTransfer, registerErrorClasses } from './transfer-errors.ts';

export function installAugmentErrorTransfer(): void {
  installRecErrorTransfer();
  registerErrorClasses({ AbortedError, AugmentError, AggregationError, ...LLM_ERROR_CLASSES });
}
