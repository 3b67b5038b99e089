"""The data: catalog entries and their field rules, builds, workloads, scenarios, projects, the
default catalog and the source document's figures."""
