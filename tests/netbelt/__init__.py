"""The tests' network belt (loopback only), and the folder that carries it into subprocesses."""
