"""The Time & ranges tab: each option's cumulative cost month by month, and the tornado."""
