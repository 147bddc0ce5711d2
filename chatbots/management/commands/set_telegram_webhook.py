"""Points Telegram at our webhook (setWebhook with the secret and the update kinds we use)."""

import re
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from chatbots.telegram import ALLOWED_UPDATES, TelegramError, TelegramRetryAfter, telegram_client

SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class Command(BaseCommand):
    help = "Registers https://<host>/hooks/telegram/ with Telegram (or shows/deletes the current webhook)."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="public HTTPS URL of /hooks/telegram/")
        parser.add_argument("--max-connections", type=int, default=10)
        parser.add_argument("--drop-pending", action="store_true", help="forget updates Telegram still holds")
        parser.add_argument("--info", action="store_true", help="show getWebhookInfo and exit")
        parser.add_argument("--delete", action="store_true", help="remove the webhook")

    def handle(self, *args, url=None, max_connections=10, drop_pending=False, info=False, delete=False, **options):
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("TELEGRAM_BOT_TOKEN is not set.")
        try:
            with telegram_client() as client:
                if info:
                    for key, value in sorted(client.get_webhook_info().items()):
                        self.stdout.write(f"{key}: {value}")
                    return
                if delete:
                    self._call(lambda: client.delete_webhook())
                    self.stdout.write("webhook deleted")
                    return
                url = self._check(url, max_connections)
                self._call(
                    lambda: client.set_webhook(
                        url=url,
                        secret_token=settings.TELEGRAM_WEBHOOK_SECRET,
                        max_connections=max_connections,
                        drop_pending_updates=drop_pending,
                    )
                )
        except TelegramError as error:
            raise CommandError(f"Telegram refused: {error}") from error
        self.stdout.write(f"webhook set: {url} (updates: {', '.join(ALLOWED_UPDATES)})")

    def _check(self, url: str | None, max_connections: int) -> str:
        if not url or not url.startswith("https://"):
            raise CommandError("Give the public https:// URL of /hooks/telegram/ (Telegram only calls HTTPS).")
        if not url.endswith("/hooks/telegram/"):
            raise CommandError("The URL must end with /hooks/telegram/.")
        if not SECRET.match(settings.TELEGRAM_WEBHOOK_SECRET or ""):
            raise CommandError("TELEGRAM_WEBHOOK_SECRET must be 1–256 characters of A-Z a-z 0-9 _ -.")
        if not 1 <= max_connections <= 100:
            raise CommandError("--max-connections must be 1–100.")
        return url

    def _call(self, call):
        try:
            return call()
        except TelegramRetryAfter as error:
            self.stderr.write(f"Telegram asks to wait {error.retry_after:.0f}s; trying once more.")
            time.sleep(min(error.retry_after, 60))
            return call()
