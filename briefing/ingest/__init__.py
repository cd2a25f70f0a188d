"""Ingest: bytes to :class:`~briefing.model.Source` to :class:`~briefing.model.Article`.

``read`` turns files, folders and manifests into decoded sources (``webpage`` reads saved pages);
``clean`` splits a source into headline, metadata and body, keeping the offset map back to the file.
The only stage that reads article files. Imports the model and the vocabulary (``words``), nothing later.
"""
