"""Brief: the analyses of a batch to the :class:`~briefing.model.Brief`.

``stories`` groups articles about one event; ``actors`` merges actors across articles (the one rule the
pages, the network and the export share); ``compare`` and ``summary`` say what a story's outlets share
and what only one reports; ``timeline`` dates undated articles and lists the dated happenings;
``network`` links actors named together. No spaCy: imports ``analyse`` (date rules), the model, the vocabulary.
"""
