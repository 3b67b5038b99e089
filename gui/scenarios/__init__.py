"""The scenarios view: the project's scenarios, their workloads and options, the comparison,
the source document's figures and the decision advisor."""
