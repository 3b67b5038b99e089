"""A neutral report document (sections, tables, figures, notes) and its content."""
