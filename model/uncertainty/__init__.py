"""Inputs with ranges and what they move: sensitivity (tornado) and Monte Carlo as loops of the
evaluation."""
