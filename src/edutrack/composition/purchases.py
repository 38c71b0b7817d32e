"""The purchases use-case factories (a mixin of Container): buying lectures, reopening access, the lists,
and the content viewer that opens bought lectures to their students."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edutrack.adapters.memory.purchases import MemoryPurchaseReader
from edutrack.adapters.sql.readers.purchases import SqlPurchaseReader
from edutrack.core.use_cases.lessons.viewer import ResolveContentViewer
from edutrack.core.use_cases.purchases.list_my_purchases import ListMyPurchases
from edutrack.core.use_cases.purchases.list_purchases import ListPurchases
from edutrack.core.use_cases.purchases.purchase_lecture import PurchaseLecture
from edutrack.core.use_cases.purchases.reopen_purchase import ReopenPurchase

if TYPE_CHECKING:
    from edutrack.composition import Container


class PurchaseFactories:
    def purchase_reader(self: Container) -> MemoryPurchaseReader | SqlPurchaseReader:
        """The purchase rows and the lecture access query (one adapter serves both ports)."""
        store = self.memory_store
        if store is not None:
            return MemoryPurchaseReader(store)
        assert self.read_sessions is not None
        return SqlPurchaseReader(self.read_sessions)

    def lecture_access(self: Container) -> MemoryPurchaseReader | SqlPurchaseReader:
        return self.purchase_reader()

    def purchase_lecture(self: Container) -> PurchaseLecture:
        return PurchaseLecture(self.uow(), self.clock, self.purchase_reader())

    def reopen_purchase(self: Container) -> ReopenPurchase:
        return ReopenPurchase(self.uow(), self.clock, self.purchase_reader())

    def list_my_purchases(self: Container) -> ListMyPurchases:
        return ListMyPurchases(self.purchase_reader(), self.clock)

    def list_purchases(self: Container) -> ListPurchases:
        return ListPurchases(self.purchase_reader(), self.clock)

    def content_viewer(self: Container) -> ResolveContentViewer:
        return ResolveContentViewer(self.lecture_access(), self.clock)
