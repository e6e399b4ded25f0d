"""Measures: the one definition of every figure a user sees. A surface (page, report, export,
CLI) reads its figures here and computes none of its own; a measure takes a selection, reads
through dashboard.data and returns typed results (frozen dataclasses).

- usage: usage of the dashboards, "actief" and licences;
- completeness: whole and partial calendar periods, the whole months of data of a selection,
  and the completeness of the deliveries of a period.
"""
