"""Purchases: buying lectures, reopening access, the purchase lists, and lecture access for others."""

from __future__ import annotations

from edutrack.adapters.memory.purchases import MemoryPurchaseReader
from edutrack.adapters.sql.readers.purchases import SqlPurchaseReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.purchases.list_my_purchases import ListMyPurchases
from edutrack.core.use_cases.purchases.list_purchases import ListPurchases
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenPurchase
from edutrack.ports.purchases import LectureAccess, PurchaseReader


def wire(c: Container) -> None:
    # one adapter serves both ports: the purchase rows and the lecture-access query
    c.component(PurchaseReader, lambda c: c.pick(MemoryPurchaseReader, SqlPurchaseReader))
    c.component(LectureAccess, lambda c: c.get(PurchaseReader))  # type: ignore[arg-type,return-value]
    reader = lambda c: c.get(PurchaseReader)  # noqa: E731
    c.use_case(PurchaseLecture, lambda c: PurchaseLecture(c.uow(), c.clock, reader(c)))
    c.use_case(ReopenPurchase, lambda c: ReopenPurchase(c.uow(), c.clock, reader(c)))
    c.use_case(ListMyPurchases, lambda c: ListMyPurchases(reader(c), c.clock), replica=True)
    c.use_case(ListPurchases, lambda c: ListPurchases(reader(c), c.clock), replica=True)
