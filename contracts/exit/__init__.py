"""Step 7, keeping the in-house option: the exit plan, its trigger conditions and the
transition steps."""
