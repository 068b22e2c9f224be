"""Step 5, the working link with the vendor: the liaison log and its follow-up actions."""
