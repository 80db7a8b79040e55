"""Cohort pages, one module per page group. Every view goes through cohorts/access.py."""
