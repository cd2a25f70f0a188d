"""Pages: the :class:`~briefing.model.Brief` to MyST pages on disk.

``markup`` holds the primitives that keep article text literal; ``builders`` writes one page per
function (``render`` all of them); ``parts`` cuts long index pages; ``network`` draws the actor network as
Graphviz DOT; ``write`` puts the pages in the generated folder without losing anything. Pages only write
what the brief says. Imports the model, the page contract and ``brief`` (for names only), never ``analyse``.
"""
