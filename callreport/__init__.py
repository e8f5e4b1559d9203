"""Shared code for a reproducible report on one news article: the engine (the dataset, report and
book wings) reads the article's names from its descriptor, data/datapackage.json."""
