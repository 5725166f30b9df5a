// The app's own training worker: the package's worker entry is all it needs.
import 'llama4rec-web/train-worker';
