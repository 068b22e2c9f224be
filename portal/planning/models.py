"""Models of Steps 1-3: scope, cost case, customer base."""
