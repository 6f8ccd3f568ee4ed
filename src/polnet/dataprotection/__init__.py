"""Data protection: individuals' requests, the data-protection officer's console, retention
and the register of processing (`docs/dataprotection.md`)."""
