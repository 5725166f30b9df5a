/**
 * Every default of the library in one place, each with the reason for its value. Modules read
 * their defaults from here instead of writing the number again, so a default changes once and
 * means the same in the public API, the command line, the loop evaluation and the demo.
 * Plain data and no imports: the lowest layer (docs/architecture.md).
 */
export const DEFAULT_CONFIG = {
  /** Matrix factorization (src/models/, src/training/). */
  mf: {
    /** Latent dimension: the paper's MF baselines use 64. */
    dim: 64,
    /** Adam step: chosen on ml-latest-small's validation split (l4r eval): lr 0.01 / l2 1e-3 beat 0.005 / 1e-4 and 0.01 / 1e-2. */
    lr: 0.01,
    /** L2 on every embedding row a sample uses (BPR): with lr above. */
    l2: 1e-3,
    /**
     * L2 of the rating model (biased MF): rating regression overfits within a few epochs at BPR's
     * L2. Validation RMSE of l4r eval on ml-latest-small: l2 = 1e-3 → 0.9464, 0.05 → 0.9285,
     * 0.1 → 0.9125, 0.2 → 0.8865, 0.5 → 0.8940, 1 → 0.9055.
     */
    ratingL2: 0.2,
    /** Samples per step: large batches keep a WebGPU/WASM step busy; ml-latest-small is ~24 steps per epoch. */
    batchSize: 4096,
    /** Std of the normal initialisation: small against the unit-scale scores BPR learns. */
    initStd: 0.1,
    /** Seed of initialisation and sampling: a fixed seed makes runs (and resumed runs) reproducible. */
    seed: 42,
    /** Adam's moment decays and ε: the values of Kingma & Ba (2015), which PyTorch and TF.js use too. */
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
  },
  /**
   * LightGCN, the second ranking backbone (src/models/lightgcn/, src/training/train-lightgcn.ts).
   * Chosen on ml-latest-small's validation NDCG@10 (docs/benchmarks.md has every run): lr 0.02 beat
   * 0.005 and 0.01 (which need 80+ epochs), l2 1e-4 matched 1e-3 and beat 1e-2, 3 layers beat 1, 2
   * and 4, dim 128 matched 64 at twice the cost, batch 8192 matched 4096 over three seeds at half
   * the steps per epoch. Adam's β and ε, the init std and the seed are MF's.
   */
  lightgcn: {
    dim: 64,
    layers: 3,
    lr: 0.02,
    l2: 1e-4,
    batchSize: 8192,
    /** At most 200 epochs: validation NDCG@10 peaks after 35–45 epochs at this lr, later on other seeds. */
    epochs: 200,
    /**
     * One validation ranks every item for every user, which costs more than an epoch here, so it
     * runs every 5 epochs; it moves by ±0.003 between validations by chance, so patience is six
     * validations (30 epochs): four stopped one seed at epoch 40 with its peak at 20.
     */
    validateEvery: 5,
    patience: 6,
  },
  /**
   * SASRec, the sequential model of the 'next' task (src/models/sasrec/, src/training/train-sasrec.ts).
   * The original's MovieLens settings (Kang & McAuley 2018: 2 blocks, 1 head, dropout 0.2, batch 128,
   * Adam lr 0.001 with β2 0.98; hidden size 64 for the kernel's f32x4 lanes), with maxLen, windows
   * and negatives chosen on ml-latest-small's VALIDATION NDCG@10, mean of seeds 42–44 with early
   * stopping (docs/benchmarks.md has every run).
   */
  sasrec: {
    dim: 64,
    /** Longest sequence read: 50 'all' (0.0401) beat 200 'all' (0.0381), 100 'all' (0.0352) and the original's 200 'last' (0.0330). */
    maxLen: 50,
    blocks: 2,
    heads: 1,
    /** 0.5 was worse on seed 42 for both 50 'all' (0.0339) and 200 'last' (0.0297). */
    dropout: 0.2,
    batchSize: 128,
    /**
     * Sampled negatives per position (their BCE terms averaged). Validation NDCG@10, mean of seeds
     * 42–44: 1 (the original) 0.0398, 2 0.0367, 4 0.0406, 8 0.0490, 16 0.0370.
     */
    negatives: 8,
    /** Every window of every training sequence per epoch (each interaction a target once), not only the last. */
    windows: 'all' as 'last' | 'all',
    lr: 0.001,
    beta1: 0.9,
    beta2: 0.98,
    epsilon: 1e-8,
    seed: 42,
    /** Most epochs: early stopping ends ml-latest-small's runs after 65–140. */
    epochs: 200,
    /** A validation ranks every item for every user (as long as an epoch here): every 5 epochs, and the loss drifts slowly. */
    validateEvery: 5,
    /** Four validations (20 epochs) without gain: validation NDCG@10 moves by ±0.003 between validations by chance. */
    patience: 4,
  },
  /** Training runs (src/training/). */
  training: {
    /** Maximum epochs: with early stopping BPR-MF on ml-latest-small stops well before it. */
    epochs: 30,
    /** Early stopping after this many epochs without validation gain: NDCG@10 on a few hundred users is noisy from epoch to epoch. */
    patience: 5,
    /** Train on D alone unless augmented pairs are asked for: D ∪ D_aug is the caller's choice, made explicit. */
    useAugmented: false,
    /** Validation metric of early stopping: NDCG@10, the paper's headline metric. */
    validationK: 10,
  },
  /** The Llama4Rec loop (src/loop/, src/aggregate/). */
  loop: {
    /** MF candidates the LLM re-ranks (k′): the paper re-ranks the top 20; a longer list outgrows a small model's context. */
    kPrime: 20,
    /** Items a recommendation returns. */
    k: 10,
    /** α_u's parameters before tuning: the grid's middle for α1, its smallest value for α2. */
    alpha: { alpha1: 0.5, alpha2: 0.1 },
    /** The paper's grid for both α1 and α2. */
    alphaGrid: [0.1, 0.3, 0.5, 0.7, 0.9],
    /** α of the 'uniform' ablation: the paper gives no value; 0.5 weighs both models equally. */
    uniformAlpha: 0.5,
    /** NDCG@k that tuning α maximises: the top 5 is what a list shows first. */
    tuneK: 5,
    /** Prompt histories keep the user's most recent interactions: older ones rarely survive the token budget anyway. */
    historyLimit: 50,
    /** Prompt augmentation (MF → LLM) is part of the method; switching it off is an ablation. */
    promptAugmentation: true,
    /** Listwise re-ranking: one LLM call per user (pointwise costs k′). */
    rerank: 'listwise',
  },
  /** Data augmentation (src/augment/, src/loop/augment-loop.ts). */
  augmentation: {
    /** Pair questions per user and LLM calls per run: a few minutes of a local 7B model, long-tail users first. */
    pairsPerUser: 5,
    maxCalls: 200,
    /** Seed of the question plan: a fixed seed is what lets a restarted job find the same questions. */
    seed: 1,
    /**
     * Sequential task ('next'): k un-interacted items per question, of which the LLM picks the next
     * one (the paper does not say k; 10 is the size of the re-ranked lists), and one question per
     * user, so each planned user (long tail first, within maxCalls) gets one inserted item.
     */
    sequentialSetSize: 10,
    sequentialSetsPerUser: 1,
    /** Rating task: the items of this many sparsest users are asked about; they are where α_u is largest. */
    attributeTailUsers: 50,
    /** Rating task in a loop run: LLM calls (one per item) at most. */
    attributeCalls: 200,
    /** Rating task in a loop run: the items of the least active fifth of the users are asked about. */
    attributeTailShare: 0.2,
  },
  /** Evaluation (src/eval/, src/loop/loop-eval.ts). */
  evaluation: {
    /** HR@k / NDCG@k cut-offs of the protocol: the paper's 3, 5, 10 and the common 20. */
    ks: [3, 5, 10, 20],
    /** Cut-offs of the loop evaluation: every k must fit in k′ = 20 candidates. */
    loopKs: [3, 5, 10],
    /** User-activity groups: quintiles of training interactions, so the long tail is one group. */
    groups: 5,
    /** Scores per scoring batch (2^22 floats = 16 MB) and users per batch at most: bounded memory on any catalogue. */
    batchScores: 2 ** 22,
    maxBatchUsers: 1024,
  },
  /**
   * The instruction-tuning set (src/loop/loop-instructions.ts, `l4r export-instructions`), as in
   * the paper; its prompts are the loop's (k′ candidates, a full order, prompt augmentation).
   */
  instructions: {
    /** Samples per task and dataset: the paper's 5,000. */
    perTask: 5_000,
    /** The context window the prompts must fit: LLaMA-2's 2,048 tokens in the paper. */
    contextWindow: 2048,
    /**
     * Each round holds out one more of every user's latest training interactions and trains the
     * conventional models on what is before it, giving one instruction per user and task: ten
     * rounds reach the paper's 5,000 on a dataset of ~600 users (ml-latest-small, ML-100K's 943).
     */
    maxRounds: 10,
    /** Low quality, dropped: fewer history entries than this survive the token budget. */
    minHistory: 3,
    /** Epochs of each round's models: enough for a ranking the LLM learns to improve on, cheap enough for ten rounds. */
    epochs: 15,
    /** Seed of the sample and of the rounds' models. */
    seed: 1,
  },
  /** Training speed benchmarks (`l4r bench train`): enough epochs for a stable per-epoch time on WASM; the CPU backend is slow. */
  bench: {
    epochs: 20,
    cpuEpochs: 2,
    /** WebGPU with TF.js tensor ops (the fused kernels off): ~1.5 min per epoch on SwiftShader. */
    webgpuOpsEpochs: 1,
    /** Top-10 queries timed per backend. */
    queries: 200,
  },
  /** The command line's loop evaluation (`l4r eval --llm`), where it differs from the API. */
  cli: {
    /**
     * α_u of the ablation runs: α1 at the top of the paper's grid, so the LLM's effect (or a test
     * double's) shows; the ablation and blend-effect figures in docs/ were measured with 0.9 / 0.1.
     */
    alpha: { alpha1: 0.9, alpha2: 0.1 },
  },
  /** The demo app (src/app/): shorter runs, so a first visit trains in a minute on a laptop. */
  demo: {
    /**
     * SASRec in the demo: 20 epochs, validated every 5 with patience 2 (about a minute on WASM for
     * ml-latest-small); the library's 200 epochs are for runs that may take a while.
     */
    sasrecEpochs: 20,
    sasrecValidateEvery: 5,
    sasrecPatience: 2,
    epochs: 20,
    patience: 3,
    /** Loss reports per epoch: every this many batches. */
    reportEvery: 20,
  },
  /** IndexedDB (src/data/). */
  storage: {
    /** Database name of a recommender that is not given one. */
    dbName: 'llama4rec',
    /** Records per chunk of puts: progress once per chunk, without a round trip per record. */
    putChunk: 5_000,
    /** Users' interaction blocks per read when loading (ml-latest-small: one request). */
    loadBatchUsers: 1_000,
  },
} as const;
