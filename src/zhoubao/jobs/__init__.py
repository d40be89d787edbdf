"""Background work: the queue (Huey) of this home, the task functions, the periodic tick, and the worker."""
