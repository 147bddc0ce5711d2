"""Parse messages from stdin as JSON lines and print what HomeNRich would record, one line each."""

import datetime as dt
import json
import logging
import sys
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from categorization import claude
from categorization.llm import RetryLater, default_menu, llm_ask
from categorization.services import category_decide
from households.defaults import default_categories
from households.models import Household

from ...parser import parse_message

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = '표준 입력의 {"text", "today"} JSON 줄마다 {"items": [...]} 한 줄을 출력합니다.'

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", help="JSON lines in, JSON lines out (the only mode)")
        parser.add_argument("--household", type=int, help="apply this household's learned rules and categories")

    def handle(self, *args, **options):
        household = None
        if options["household"] is not None:
            household = Household.objects.filter(pk=options["household"]).first()
            if household is None:
                raise CommandError(f"household {options['household']} does not exist")
        if household:
            visible = set(household.categories.filter(is_hidden=False).values_list("slug", flat=True))
        else:
            visible = {c["slug"] for c in default_categories()}
        use_llm = bool(settings.ANTHROPIC_API_KEY)
        with self._logs_to_stderr() as reroute:
            for line in sys.stdin:
                if not line.strip():
                    continue
                reroute()  # a library may have set up its own handler since the last line
                result = self._line(line, household, visible, use_llm)
                self.stdout.write(json.dumps(result, ensure_ascii=False))
                self.stdout.flush()

    @contextmanager
    def _logs_to_stderr(self):
        """Standard output holds the JSON lines only: every log handler writing there writes to stderr meanwhile.

        The settings' console handler writes to stdout (the web and worker logs), and the Claude SDK's HTTP
        client logs each request at INFO.
        """
        moved: dict[logging.StreamHandler, object] = {}
        outputs = {id(stream) for stream in (sys.stdout, sys.__stdout__, getattr(self.stdout, "_out", None)) if stream}

        def reroute() -> None:
            loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
            for logger in loggers:
                for handler in getattr(logger, "handlers", ()):
                    if (
                        isinstance(handler, logging.StreamHandler)
                        and not isinstance(handler, logging.FileHandler)
                        and handler not in moved
                        and (id(handler.stream) in outputs or _is_fd1(handler.stream))
                    ):
                        moved[handler] = handler.setStream(sys.stderr)

        reroute()
        try:
            yield reroute
        finally:
            for handler, stream in moved.items():
                handler.setStream(stream)

    def _line(self, line: str, household, visible: set[str], use_llm: bool) -> dict:
        try:
            request = json.loads(line)
            text = request["text"]
            if not isinstance(text, str):
                raise TypeError("text must be a string")
            today = dt.date.fromisoformat(request["today"]) if request.get("today") else timezone.localdate()
        except (ValueError, KeyError, TypeError) as error:
            return {"items": [], "error": f"unreadable line: {error}"}
        try:
            parsed = parse_message(text, today)
        except Exception as error:
            logger.exception("parse_expense: could not parse line")
            return {"items": [], "error": f"parser error: {type(error).__name__}"}
        items = []
        for item in parsed.items:
            decision = category_decide(
                household_id=household.pk if household else None,
                llm_enabled=use_llm,
                memo=item.memo,
                kind=item.kind,
                visible_slugs=visible,
            )
            items.append(
                {
                    "kind": item.kind,
                    "amount": item.amount_krw,
                    "date": item.spent_on.isoformat(),
                    "category": decision.slug,
                    "memo": item.memo,
                    "source": decision.source,
                    "confidence": round(decision.confidence, 3),
                    "cancel": item.cancel,
                    "payment": _payment(item.payment),
                    "_needs_llm": decision.needs_llm,
                }
            )
        if use_llm:
            self._ask_claude(items, household)
        for item in items:
            item.pop("_needs_llm")
        return {"items": items}

    def _ask_claude(self, items: list[dict], household) -> None:
        undecided = [(i, item) for i, item in enumerate(items) if item["_needs_llm"]]
        if not undecided:
            return
        menu = default_menu()
        if household:
            hidden = set(household.categories.filter(is_hidden=True).values_list("slug", flat=True))
            menu = {kind: [(s, m) for s, m in options if s not in hidden] for kind, options in menu.items()}
        asked = [claude.Item(ref=i, memo=item["memo"], kind=item["kind"]) for i, item in undecided]
        try:
            answers = llm_ask(household.pk if household else None, asked, menu, settings.CLAUDE_MODEL)
        except RetryLater:
            return  # offline or overloaded: the rules' answer stands
        for i, item in undecided:
            slug = answers.get(i)
            if slug and slug != claude.UNSURE:
                item.update(category=slug, source="llm", confidence=0.8)


def _is_fd1(stream) -> bool:
    try:
        return stream.fileno() == 1
    except (AttributeError, OSError, ValueError):
        return False


def _payment(payment) -> dict | None:
    """The four fields of the contract (the time stays inside: it only tells deliveries apart)."""
    if payment is None:
        return None
    return {
        "method": payment.method,
        "issuer": payment.issuer,
        "last4": payment.last4,
        "installments": payment.installments,
    }
