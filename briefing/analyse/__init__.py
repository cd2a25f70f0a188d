"""Analyse: one :class:`~briefing.model.Article` and its parse to its :class:`~briefing.model.Analysis`.

``nlp`` loads spaCy and parses (long texts in pieces); ``actors``, ``quotes``, ``summary`` and ``dates``
each find one thing in a parse; ``article`` puts them together and maps every span back to the source.
Pure functions of one article: nothing here looks at another. Imports ``ingest``, the model and the vocabulary.
"""
