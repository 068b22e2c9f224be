"""Models of Step 4: due diligence and test calls."""
