"""Writes across quiz rows, each in one transaction: keyword-only ``<entity>_<action>`` functions."""
