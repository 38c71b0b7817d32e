from __future__ import annotations

from datetime import datetime, timedelta

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import case, delete, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from edutrack.adapters.sql import errors
from edutrack.adapters.sql.tables.auth import (
    RefreshTokenModel,
    SiteOwnerProfileModel,
    ThrottleCounterModel,
    UserModel,
)
from edutrack.core.actor import Role
from edutrack.core.entities.users import RefreshToken, User

MAX_ID = 2**31 - 1


def _user(row: UserModel) -> User:
    return User(
        id=row.id,
        username=row.username,
        password_hash=row.password_hash,
        role=Role(row.role),
        name=row.name,
        gmail=row.gmail,
        is_active=row.is_active,
        last_login=row.last_login,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, user: User) -> User:
        row = UserModel(
            username=user.username,
            password_hash=user.password_hash,
            role=user.role.value,
            name=user.name,
            gmail=user.gmail,
            is_active=user.is_active,
            last_login=user.last_login,
            created_at=user.created_at,
            updated_at=user.created_at,
        )
        self._session.add(row)
        try:
            await self._session.flush()
            if user.role is Role.SITE_OWNER:
                self._session.add(SiteOwnerProfileModel(user_id=row.id))
                await self._session.flush()
        except IntegrityError as exc:
            raise errors.translate(exc) from exc
        user.id = row.id
        return user

    async def get(self, user_id: int) -> User | None:
        if not 0 < user_id <= MAX_ID:
            return None
        row = await self._session.get(UserModel, user_id)
        return _user(row) if row else None

    async def get_by_username(self, username: str) -> User | None:
        row = await self._session.scalar(
            select(UserModel).where(func.lower(UserModel.username) == username.strip().lower())
        )
        return _user(row) if row else None

    async def username_taken(self, username: str) -> bool:
        return bool(
            await self._session.scalar(
                select(exists().where(func.lower(UserModel.username) == username.strip().lower()))
            )
        )

    async def gmail_taken(self, gmail: str, exclude_user_id: int | None = None) -> bool:
        condition = func.lower(UserModel.gmail) == gmail.strip().lower()
        if exclude_user_id is not None:
            condition = condition & (UserModel.id != exclude_user_id)
        return bool(await self._session.scalar(select(exists().where(condition))))

    async def save(self, user: User) -> None:
        assert user.id is not None
        try:
            await self._session.execute(
                update(UserModel)
                .where(UserModel.id == user.id)
                .values(
                    username=user.username,
                    password_hash=user.password_hash,
                    name=user.name,
                    gmail=user.gmail,
                    is_active=user.is_active,
                    last_login=user.last_login,
                    updated_at=user.updated_at or user.created_at,
                )
            )
        except IntegrityError as exc:
            raise errors.translate(exc) from exc


def _token(row: RefreshTokenModel) -> RefreshToken:
    return RefreshToken(
        id=row.id,
        jti=row.jti,
        user_id=row.user_id,
        family_id=row.family_id,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
    )


class SqlRefreshTokenRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, token: RefreshToken) -> None:
        row = RefreshTokenModel(
            jti=token.jti,
            user_id=token.user_id,
            family_id=token.family_id,
            issued_at=token.issued_at,
            expires_at=token.expires_at,
        )
        self._session.add(row)
        await self._session.flush()
        token.id = row.id

    async def get_by_jti(self, jti: str) -> RefreshToken | None:
        row = await self._session.scalar(select(RefreshTokenModel).where(RefreshTokenModel.jti == jti))
        return _token(row) if row else None

    async def consume(self, jti: str, now: datetime, *, successor_jti: str) -> bool:
        result = await self._session.execute(
            update(RefreshTokenModel)
            .where(
                RefreshTokenModel.jti == jti,
                RefreshTokenModel.used_at.is_(None),
                RefreshTokenModel.revoked_at.is_(None),
                RefreshTokenModel.expires_at > now,
            )
            .values(used_at=now, successor_jti=successor_jti)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def successor_of(self, jti: str) -> RefreshToken | None:
        successor = (
            select(RefreshTokenModel.successor_jti).where(RefreshTokenModel.jti == jti).scalar_subquery()
        )
        row = await self._session.scalar(select(RefreshTokenModel).where(RefreshTokenModel.jti == successor))
        return _token(row) if row else None

    async def revoke_family(self, family_id: str, now: datetime) -> None:
        await self._session.execute(
            update(RefreshTokenModel)
            .where(RefreshTokenModel.family_id == family_id, RefreshTokenModel.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def revoke_for_user(self, user_id: int, now: datetime, *, keep_family: str | None = None) -> None:
        statement = update(RefreshTokenModel).where(
            RefreshTokenModel.user_id == user_id, RefreshTokenModel.revoked_at.is_(None)
        )
        if keep_family is not None:
            statement = statement.where(RefreshTokenModel.family_id != keep_family)
        await self._session.execute(statement.values(revoked_at=now))


class SqlAttemptCounter:
    """One upsert per attempt: PostgreSQL locks the counter row for the conflict update, SQLite runs one
    writer at a time, so concurrent hits get distinct, increasing counts (SQLite >= 3.35 for RETURNING)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def hit(self, scope: str, key: str, window: timedelta, now: datetime) -> int:
        table = ThrottleCounterModel
        dialect = self._session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        at = literal(now, DateTimeUTC(timezone=True))
        expired = table.window_started_at <= literal(now - window, DateTimeUTC(timezone=True))
        statement = (
            insert(table)
            .values(scope=scope, key=key[:200], window_started_at=now, hits=1)
            .on_conflict_do_update(
                index_elements=[table.scope, table.key],
                set_={
                    "hits": case((expired, 1), else_=table.hits + 1),
                    "window_started_at": case((expired, at), else_=table.window_started_at),
                },
            )
            .returning(table.hits)
        )
        return int((await self._session.execute(statement)).scalar_one())

    async def purge(self, started_before: datetime) -> int:
        result = await self._session.execute(
            delete(ThrottleCounterModel).where(ThrottleCounterModel.window_started_at < started_before)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    async def forgive(self, scope: str, key: str) -> None:
        await self._session.execute(
            update(ThrottleCounterModel)
            .where(
                ThrottleCounterModel.scope == scope,
                ThrottleCounterModel.key == key[:200],
                ThrottleCounterModel.hits > 0,
            )
            .values(hits=ThrottleCounterModel.hits - 1)
        )

    async def reset(self, scope: str, key: str, *, seen: int) -> None:
        await self._session.execute(
            delete(ThrottleCounterModel).where(
                ThrottleCounterModel.scope == scope,
                ThrottleCounterModel.key == key[:200],
                ThrottleCounterModel.hits == seen,
            )
        )
