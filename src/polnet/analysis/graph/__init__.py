"""The link graph of an analysis project: entities and the reasons that link them, read from
the owners' tables at query time and shown only as far as the reader's policy allows."""
