"""Models of Steps 5-7: contract, liaison, monitoring, exit."""
