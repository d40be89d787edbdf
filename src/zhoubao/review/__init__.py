"""The review stage: roles, workflow states and guards, edits with optimistic locking, comments, audit, diffs."""
