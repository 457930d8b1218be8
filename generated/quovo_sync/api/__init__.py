"""One module per operation, each with `sync`, `sync_detailed`, `asyncio` and `asyncio_detailed`.

Import the ones you call, e.g. `from quovo_sync.api import connections_sync_by_connection_id_get`;
nothing here is imported until it is used.
"""

__all__ = [
    "connections_sync_by_connection_id_get",
    "connections_sync_by_connection_id_post5",
]
