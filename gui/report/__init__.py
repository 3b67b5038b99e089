"""The proposal report and chart export: painters and file writers (Qt)."""
