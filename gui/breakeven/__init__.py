"""The break-even view: cost curves, crossings, the workload volume, and cost per use."""
