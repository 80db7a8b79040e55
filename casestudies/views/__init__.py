"""Case study pages, one module per kind of page."""
