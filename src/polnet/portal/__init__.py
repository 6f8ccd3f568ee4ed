"""The front of the house: what spans the domains (home pages per role, navigation, panels,
statistics). It may import every domain app; no domain app imports it."""
