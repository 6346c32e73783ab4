"""Fine-tuning of the embedding model on the company's own judgements.

The pieces, in the order a run uses them:

- :mod:`~vnsearch.finetune.data`: training pairs from feedback or JSONL/BEIR files,
  and the held-out evaluation split (by query).
- :mod:`~vnsearch.finetune.mining`: hard negatives mined from the index.
- :mod:`~vnsearch.finetune.validate`: the validation report shown before training.
- :mod:`~vnsearch.finetune.devices`: CUDA detection and default hyperparameters.
- :mod:`~vnsearch.finetune.job`: :class:`FineTuneJob`, which trains in a worker
  process (:mod:`~vnsearch.finetune.worker`) with progress and cancellation.
- :mod:`~vnsearch.finetune.package`: the result folder, its metrics and reports.

None of these modules imports Qt; the GUI wizard drives :class:`FineTuneJob`.
"""
