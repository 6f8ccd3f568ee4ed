"""Bounds of the database's integer columns. A number past them is refused (422) before it
reaches a query, where it would overflow: SQLite raises, PostgreSQL refuses the statement."""

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1  # row ids (BigAutoField)
MAX_INT = 2**31 - 1  # versions, counts, page offsets and the other integer columns

RowId = Annotated[int, Field(ge=1, le=MAX_ID)]  # the id of a row, in a request
