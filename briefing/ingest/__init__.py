"""Ingest: bytes to :class:`~briefing.model.Source` to :class:`~briefing.model.Article`.

``read`` turns files, folders and manifests into decoded sources (``webpage`` reads saved pages);
``clean`` splits a source into headline, metadata and body, keeping the offset map back to the file;
for a saved page, ``blocks`` judges which of its blocks are the article and ``headline`` which line is
its headline, each with a small tree model (``trees``) fit by ``benchmarks/ingest.py --fit``.
The only stage that reads article files. Imports the model and the vocabulary (``words``), nothing later.
"""
