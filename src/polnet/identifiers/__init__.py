"""Identifier rules as a pure library: ICAO 9303 machine-readable zones, ISO 3779 VINs,
document numbers, firearm serials and the OCR confusions between characters,
their normalisation and check digits. It imports neither Django nor any polnet app, so the
screening engine, the record services and the synthetic data generator share one set of rules."""
