"""Shared FastAPI dependencies: the settings and the live store reach routes only through these.

They are ``async`` because they never block (a ``readlink``), which spares a thread hop per
request.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from innograph.api.config import Settings
from innograph.graph.database import Database
from innograph.graph.store import LiveRelease, StoreHandle

__all__ = ["DbDep", "ReleaseDep", "SettingsDep", "get_db", "get_release", "get_settings"]


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_handle(request: Request) -> StoreHandle:
    return request.app.state.store


async def get_release(handle: Annotated[StoreHandle, Depends(get_handle)]) -> LiveRelease:
    return handle.get()[0]


async def get_db(handle: Annotated[StoreHandle, Depends(get_handle)]) -> Database:
    return handle.get()[1]


SettingsDep = Annotated[Settings, Depends(get_settings)]
ReleaseDep = Annotated[LiveRelease, Depends(get_release)]
DbDep = Annotated[Database, Depends(get_db)]
