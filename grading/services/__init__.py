"""Writes that change scores, each in one transaction, with its audit record."""
