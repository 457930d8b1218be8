"""Values shared by the whole client: the UNSET sentinel, uploads and detailed responses."""

from __future__ import annotations

import dataclasses
from typing import IO, Any, Final, Generic, TypeVar

import httpx

T = TypeVar("T")


class Unset:
    """The type of UNSET: "not given", as opposed to None, which is sent as null."""

    _instance: Unset | None = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "UNSET"

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: Any) -> Unset:
        return self

    def __reduce__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


@dataclasses.dataclass(frozen=True)
class File:
    """A file to upload: bytes or a binary stream, with an optional name and media type."""

    content: bytes | IO[bytes]
    file_name: str | None = None
    mime_type: str | None = None


@dataclasses.dataclass(frozen=True)
class ApiResponse(Generic[T]):
    """A response with everything the server sent: status, headers, raw body and its parse."""

    status_code: int
    headers: httpx.Headers
    content: bytes
    parsed: T
