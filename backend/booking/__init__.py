"""Queue tickets (antrian) for the counters of an MPP, and the counter staff's queue."""
