"""Wallets: per-course balances over an append-only ledger, and recharge codes."""

from __future__ import annotations

from edutrack.adapters.memory.wallets import MemoryRechargeCodeReader, MemoryWalletReader
from edutrack.adapters.sql.readers.wallets import SqlRechargeCodeReader, SqlWalletReader
from edutrack.composition.container import Container
from edutrack.core.use_cases.wallets.add_balance import AddBalance
from edutrack.core.use_cases.wallets.export_codes import ExportRechargeCodes
from edutrack.core.use_cases.wallets.generate_codes import GenerateRechargeCodes
from edutrack.core.use_cases.wallets.list_codes import ListRechargeCodes
from edutrack.core.use_cases.wallets.list_my_balances import ListMyBalances
from edutrack.core.use_cases.wallets.list_my_transactions import ListMyTransactions
from edutrack.core.use_cases.wallets.list_student_balances import ListStudentBalances
from edutrack.core.use_cases.wallets.redeem_code import RedeemCode
from edutrack.ports.notifications import Notifier
from edutrack.ports.wallets import RechargeCodeReader, WalletReader


def wire(c: Container) -> None:
    c.component(WalletReader, lambda c: c.pick(MemoryWalletReader, SqlWalletReader))
    c.component(RechargeCodeReader, lambda c: c.pick(MemoryRechargeCodeReader, SqlRechargeCodeReader))
    wallets = lambda c: c.get(WalletReader)  # noqa: E731
    codes = lambda c: c.get(RechargeCodeReader)  # noqa: E731
    c.use_case(AddBalance, lambda c: AddBalance(c.uow(), c.clock, c.get(Notifier), wallets(c)))
    c.use_case(ListStudentBalances, lambda c: ListStudentBalances(wallets(c)), replica=True)
    c.use_case(ListMyBalances, lambda c: ListMyBalances(wallets(c)), replica=True)
    c.use_case(ListMyTransactions, lambda c: ListMyTransactions(wallets(c)), replica=True)
    c.use_case(GenerateRechargeCodes, lambda c: GenerateRechargeCodes(c.uow(), c.clock, codes(c)))
    c.use_case(RedeemCode, lambda c: RedeemCode(c.uow(), c.clock, c.get(Notifier)))
    c.use_case(ListRechargeCodes, lambda c: ListRechargeCodes(codes(c)), replica=True)
    c.use_case(ExportRechargeCodes, lambda c: ExportRechargeCodes(codes(c)), replica=True)
