"""Files in and out: project files and autosave, the Excel workbook, price, rental, model and
benchmark importers."""
