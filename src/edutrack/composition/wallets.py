"""The wallets use-case factories (a mixin of Container): balances, the ledger, recharge codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from edutrack.adapters.memory.wallets import MemoryRechargeCodeReader, MemoryWalletReader
from edutrack.adapters.sql.readers.wallets import SqlRechargeCodeReader, SqlWalletReader
from edutrack.core.use_cases.wallets.add_balance import AddBalance
from edutrack.core.use_cases.wallets.export_codes import ExportRechargeCodes
from edutrack.core.use_cases.wallets.generate_codes import GenerateRechargeCodes
from edutrack.core.use_cases.wallets.list_codes import ListRechargeCodes
from edutrack.core.use_cases.wallets.list_my_balances import ListMyBalances
from edutrack.core.use_cases.wallets.list_my_transactions import ListMyTransactions
from edutrack.core.use_cases.wallets.list_student_balances import ListStudentBalances
from edutrack.core.use_cases.wallets.redeem_code import RedeemCode
from edutrack.ports.codes import RechargeCodeReader
from edutrack.ports.wallets import WalletReader

if TYPE_CHECKING:
    from edutrack.composition import Container


class WalletFactories:
    def wallet_reader(self: Container) -> WalletReader:
        store = self.memory_store
        if store is not None:
            return MemoryWalletReader(store)
        assert self.read_sessions is not None
        return SqlWalletReader(self.read_sessions)

    def code_reader(self: Container) -> RechargeCodeReader:
        store = self.memory_store
        if store is not None:
            return MemoryRechargeCodeReader(store)
        assert self.read_sessions is not None
        return SqlRechargeCodeReader(self.read_sessions)

    def add_balance(self: Container) -> AddBalance:
        return AddBalance(self.uow(), self.clock, self.notifier, self.wallet_reader())

    def list_student_balances(self: Container) -> ListStudentBalances:
        return ListStudentBalances(self.wallet_reader())

    def list_my_balances(self: Container) -> ListMyBalances:
        return ListMyBalances(self.wallet_reader())

    def list_my_transactions(self: Container) -> ListMyTransactions:
        return ListMyTransactions(self.wallet_reader())

    def generate_recharge_codes(self: Container) -> GenerateRechargeCodes:
        return GenerateRechargeCodes(self.uow(), self.clock, self.code_reader())

    def redeem_code(self: Container) -> RedeemCode:
        return RedeemCode(self.uow(), self.clock, self.notifier)

    def list_recharge_codes(self: Container) -> ListRechargeCodes:
        return ListRechargeCodes(self.code_reader())

    def export_recharge_codes(self: Container) -> ExportRechargeCodes:
        return ExportRechargeCodes(self.code_reader())
