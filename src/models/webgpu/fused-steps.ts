/**
 * A model's door to the fused WebGPU training step (gpu-train-step.ts): it keeps one step object
 * (GPU scratch and the device-side loss total) for the device TF.js trains on, makes a new one when
 * the backend was re-created, and says why a step cannot run fused (then the model takes tensor
 * ops). The epoch loop resets and reads the device's loss through it (matrix-factorization.ts).
 */
import type { AdamConfig } from '../adam-config.ts';
import type { BprStepBatch, BprStepConfig } from '../bpr-step.ts';
import type { FactorTable } from '../factor-table.ts';
import type { RatingTerms } from '../feature-gradients.ts';
import type { RatingBatch } from '../rating-step.ts';
import { FUSED_OFF, fusedWebGpuEnabled } from './fused-switch.ts';
import { GpuTrainStep, type GpuStepOutcome } from './gpu-train-step.ts';
import { tfjsWebGpu } from './tfjs-device.ts';

export class FusedGpuSteps {
  private step: GpuTrainStep | null = null;
  /** A fused step ran since the last `resetLoss`: the device holds part of the epoch's loss. */
  private ran = false;

  /** BPR-MF step on `table` in place; null when it ran, else why not (nothing was written). */
  bpr(table: FactorTable, batch: BprStepBatch, config: BprStepConfig, t: number): GpuStepOutcome {
    return this.run((step) => step.bpr(table.state(), batch, config, t));
  }

  /** Rating-model step on `table` in place; null when it ran, else why not (nothing was written). */
  rating(table: FactorTable, batch: RatingBatch, terms: RatingTerms, adam: AdamConfig, t: number): GpuStepOutcome {
    return this.run((step) => step.rating(table.state(), batch, terms, adam, t));
  }

  /** Start of an epoch: the device's loss total back to zero. */
  resetLoss(): void {
    this.ran = false;
    this.step?.resetLoss();
  }

  /** The loss the fused steps summed on the device since `resetLoss` (0 when none ran). */
  async readLoss(): Promise<number> {
    return this.ran && this.step ? this.step.readLoss() : 0;
  }

  dispose(): void {
    this.step?.dispose();
    this.step = null;
  }

  private run(body: (step: GpuTrainStep) => GpuStepOutcome): GpuStepOutcome {
    if (!fusedWebGpuEnabled()) return { unavailable: FUSED_OFF };
    const backend = tfjsWebGpu();
    if ('unavailable' in backend) return backend;
    if (this.step && this.step.device !== backend.device) this.dispose();
    if (!this.step) {
      this.step = new GpuTrainStep(backend);
      this.step.resetLoss();
    }
    const outcome = body(this.step);
    if (outcome === null) this.ran = true;
    return outcome;
  }
}
