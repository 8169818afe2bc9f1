"""Adapters for the engines corpora are built with. Each module imports its
engine only when it is itself imported; ``import reflow`` imports none of them.

- :mod:`reflow.integrations.hf`: a function for Hugging Face ``datasets.Dataset.map``.
- :mod:`reflow.integrations.datatrove`: a datatrove formatter step.
- :mod:`reflow.integrations.ray`: a callable class for Ray Data ``map_batches``.
"""
