"""Reacting to the ledger: edit replies Claude made stale, and pass budget alerts on to linked chats."""

import logging

from django.db import transaction
from django.dispatch import receiver

from expenses.entries.replies import entry_line
from expenses.signals import budget_alert_recorded, entries_recategorized
from homenrich.dispatch import publish

from . import selectors, services
from .models import Platform

logger = logging.getLogger(__name__)


def _later(task, *args) -> None:
    transaction.on_commit(lambda: publish(task, args))


@receiver(entries_recategorized, dispatch_uid="chatbots-entries-recategorized")
def on_entries_recategorized(sender, entry_ids, **kwargs) -> None:
    """Telegram replies we sent through the API are edited; Kakao hears it with the next reply."""
    try:
        with transaction.atomic():
            for turn in selectors.turns_with_entries(entry_ids=list(entry_ids)):
                if turn.link.platform == Platform.TELEGRAM and turn.reply_message_id:
                    _later("chatbots.tasks.telegram_edit_turn_reply", turn.pk)
                elif turn.link.platform == Platform.KAKAO and not turn.kakao_callback_url:
                    entries = selectors.turn_entries(turn=turn, entry_ids=list(entry_ids))
                    for entry in entries:
                        services.notices_create(
                            household_id=entry.household_id,
                            key=f"recat:{entry.pk}:{entry.category_id}",
                            text=f"✏️ 분류를 정했어요: {entry_line(entry)}",
                            recipients=[f"kakao:{turn.link.kakao_user_key}"],
                        )
    except Exception:
        # The ledger change stands whatever happens to the chat side.
        logger.exception("chat replies not updated for entries %s", entry_ids)


@receiver(budget_alert_recorded, dispatch_uid="chatbots-budget-alert")
def on_budget_alert(sender, alert, **kwargs) -> None:
    """Each linked chat of the household hears a crossed budget once."""
    try:
        with transaction.atomic():
            found = services.budget_alert_text(alert=alert)
            if found is None:
                logger.warning("budget alert without household or threshold ignored")
                return
            household_id, key, text = found
            recipients = selectors.household_recipients(household_id=household_id)
            notice_ids = services.notices_create(household_id=household_id, key=key, text=text, recipients=recipients)
    except Exception:
        logger.exception("budget alert not passed on to chats")
        return
    if any(r.startswith("telegram:") for r in recipients) and notice_ids:
        # The task sends the Telegram ones; Kakao notices wait for that user's next message.
        _later("chatbots.tasks.telegram_send_notices", notice_ids)
