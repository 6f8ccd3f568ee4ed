"""The offline side of screening, run on a disconnected post's machine (`polnet post …`).

No Django and no database server: a folder with a small SQLite file and the engine's
saved indexes. It trusts one bureau key, applies that bureau's signed packages in order,
screens with the same engine as the server and keeps its hits until the link is back.
"""
