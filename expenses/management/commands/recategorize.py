"""Re-asks Claude about a household's rule-decided or fallback entries (a backfill)."""

from django.core.management.base import BaseCommand, CommandError

from households.models import Household

from ...entries.categorizing import backfill_candidates, entries_backfill_submit
from ...models import CategoryState
from ...tasks import categorize_entries


class Command(BaseCommand):
    help = "가구의 미분류·불확실 항목을 Claude로 다시 분류합니다 (--batch: Message Batches API, 50% 할인)."

    def add_arguments(self, parser):
        parser.add_argument("--household", type=int, required=True)
        parser.add_argument("--batch", action="store_true", help="submit one Message Batches job instead of tasks")

    def handle(self, *args, household: int, batch: bool, **options):
        target = Household.objects.filter(pk=household).first()
        if target is None:
            raise CommandError(f"household {household} does not exist")
        if not target.llm_enabled:
            raise CommandError("Claude is off for this household; a manager must turn it on first")
        if batch:
            job = entries_backfill_submit(household=target)
            self.stdout.write(
                f"batch {job.batch_id}: {sum(map(len, job.requests.values()))} entries" if job else "nothing to do"
            )
            return
        ids = list(backfill_candidates(household=target).exclude(memo="").values_list("pk", flat=True))
        backfill_candidates(household=target).filter(pk__in=ids).update(category_state=CategoryState.PENDING)
        for start in range(0, len(ids), 20):
            categorize_entries.delay(ids[start : start + 20])
        self.stdout.write(f"queued {len(ids)} entries")
