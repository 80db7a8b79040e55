"""Gradebook pages, staff and student, one module per kind of page."""
