"""Person matching: names and partial dates, blocking keys, scoring, the in-memory index and
its search. `engine` is the public face (build an index, search it); the other modules are
its parts. `names` and `dates` live here because only person matching compares them.
"""
