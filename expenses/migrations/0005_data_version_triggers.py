# Two new message outcomes, Korean words for the constraints the forms show, and the household's data version moved by the database on every write of
# entries, budgets and recurring rules (triggers: households/data_version.py).

from django.db import migrations, models

from households import data_version

TABLES = ("expenses_entry", "expenses_budget", "expenses_recurringrule")


def install(apps, schema_editor):
    data_version.install(schema_editor, TABLES)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('expenses', '0004_entry_drop_redundant_fk_indexes'),
        ('households', '0002_rules_in_the_database'),
    ]

    operations = [
        migrations.AlterField(
            model_name='message',
            name='outcome',
            field=models.CharField(blank=True, choices=[('recorded', '기록됨'), ('no_amount', '금액 없음'), ('foreign_currency', '외화'), ('too_long', '너무 김'), ('rate_limited', '요청 제한'), ('duplicate', '중복'), ('read_only', '보기 전용'), ('command', '명령'), ('date_out_of_range', '기록할 수 없는 날짜'), ('parse_error', '읽기 오류'), ('error', '오류')], max_length=20),
        ),
        migrations.AlterConstraint(
            model_name='budget',
            name='budget_amount_positive',
            constraint=models.CheckConstraint(condition=models.Q(('amount_krw__gt', 0), ('amount_krw__lte', 999999999999)), name='budget_amount_positive', violation_error_message='예산은 1원부터 1조 원 미만까지 정할 수 있어요.'),
        ),
        migrations.AlterConstraint(
            model_name='entry',
            name='entry_amount_positive',
            constraint=models.CheckConstraint(condition=models.Q(('amount_krw__gt', 0), ('amount_krw__lte', 999999999999)), name='entry_amount_positive', violation_error_message='금액은 1원부터 1조 원 미만까지 적을 수 있어요.'),
        ),
        migrations.AlterConstraint(
            model_name='recurringrule',
            name='recurring_amount_positive',
            constraint=models.CheckConstraint(condition=models.Q(('amount_krw__gt', 0), ('amount_krw__lte', 999999999999)), name='recurring_amount_positive', violation_error_message='금액은 1원부터 1조 원 미만까지 적을 수 있어요.'),
        ),
        migrations.AlterConstraint(
            model_name='recurringrule',
            name='recurring_day_of_month_range',
            constraint=models.CheckConstraint(condition=models.Q(('day_of_month__gte', 1), ('day_of_month__lte', 31)), name='recurring_day_of_month_range', violation_error_message='매월 며칠은 1부터 31 사이로 정해 주세요.'),
        ),
        migrations.RunPython(install, uninstall),
    ]
