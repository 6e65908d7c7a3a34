"""The figures of bench/run.py: one module per measurement, plus the helpers they share."""
