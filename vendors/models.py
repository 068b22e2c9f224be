"""Models of Step 4: vendors, candidates and approval."""
