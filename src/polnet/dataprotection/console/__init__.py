"""The data-protection officer's console: access history, the processing log and its signed
extracts, alerts on unusual processing, the register of processing (`docs/dataprotection.md`)."""
