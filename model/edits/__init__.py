"""Undoable edits: the document and its command objects."""
