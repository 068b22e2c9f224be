"""The contract with the approved vendor: its terms, documents, deadlines and reminders."""
