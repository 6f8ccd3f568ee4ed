"""Capital cities of the network's countries as (latitude, longitude) in degrees, for the final
report's bubble map. Source: the capitals' coordinates published in the CIA World Factbook
("Government: Capital: geographic coordinates"), rounded to a tenth of a degree."""

from __future__ import annotations

CAPITALS: dict[str, tuple[float, float]] = {
    "FR": (48.9, 2.3),  # Paris
    "DE": (52.5, 13.4),  # Berlin
    "IT": (41.9, 12.5),  # Rome
    "ES": (40.4, -3.7),  # Madrid
    "PT": (38.7, -9.1),  # Lisbon
    "BE": (50.8, 4.3),  # Brussels
    "NL": (52.4, 4.9),  # Amsterdam
    "GB": (51.5, -0.1),  # London
    "MA": (34.0, -6.8),  # Rabat
    "DZ": (36.8, 3.1),  # Algiers
    "TN": (36.8, 10.2),  # Tunis
    "SN": (14.7, -17.4),  # Dakar
    "GN": (9.5, -13.7),  # Conakry
    "GW": (11.9, -15.6),  # Bissau
    "ML": (12.7, -8.0),  # Bamako
    "CI": (6.8, -5.3),  # Yamoussoukro
    "GH": (5.6, -0.2),  # Accra
    "NG": (9.1, 7.5),  # Abuja
    "CO": (4.6, -74.1),  # Bogota
    "BR": (-15.8, -47.9),  # Brasilia
    "US": (38.9, -77.0),  # Washington
}
