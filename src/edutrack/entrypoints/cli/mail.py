"""``edutrack mail deliver``: run the mail delivery once (what the ``mail.deliver`` job does every 10 s)
through the configured mailer, and print what it did."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from edutrack.core.use_cases.mail.deliver_mail import DeliverMail, DeliveryReport
from edutrack.entrypoints.cli.common import EXIT_OK, Commands, with_container

if TYPE_CHECKING:
    from edutrack.composition import Container
    from edutrack.settings import Settings


def _deliver(settings: Settings, args: argparse.Namespace) -> int:
    async def work(container: Container) -> DeliveryReport:
        return await container.get(DeliverMail).execute()

    report = with_container(settings, work)
    print(json.dumps({"sent": report.sent, "retried": report.retried, "given_up": report.given_up}))
    return EXIT_OK


def register(commands: Commands) -> None:
    actions = commands.group("mail", "the mail outbox")
    deliver = actions.add_parser(
        "deliver",
        help="send the due mails of the outbox once through EDUTRACK_MAIL_BACKEND (what the mail.deliver job "
        'does every 10 s); prints {"sent": N, "retried": N, "given_up": N}',
    )
    deliver.set_defaults(handler=_deliver)
