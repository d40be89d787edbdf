"""Jobs, the schedule and the worker (issue 12)."""
