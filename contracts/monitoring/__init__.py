"""Step 6, monitoring the vendor: SLAs, KPIs and their charts, governance (roles, RACI,
escalation path)."""
