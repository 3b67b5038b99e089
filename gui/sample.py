"""Projects to start from: a new project (the default catalog) and a sample for trying widgets."""

from __future__ import annotations

from infercost.model.catalog.defaults import default_project
from infercost.model.catalog.project import Project
from infercost.model.edits.document import Document


def new_project() -> Project:
    """What File > New opens: the default catalog and the seed's workloads and scenarios."""
    return default_project()


def sample_document() -> Document:
    """A document on a new project, for running one widget alone (``python -m ...``)."""
    return Document(new_project())
