# The fallback categories stay visible (a constraint), and the household's data version moves on every
# write of its memberships and categories, and of its own settings (triggers: households/data_version.py).

from django.db import migrations, models

from households import data_version

TABLES = ("households_membership", "households_category")


def unhide_fallbacks(apps, schema_editor):
    # Hidden through an older admin, they broke every undecided message; showing them again loses nothing.
    Category = apps.get_model("households", "Category")
    Category.objects.filter(slug__in=["other", "other_income"], is_hidden=True).update(is_hidden=False)


def install(apps, schema_editor):
    data_version.install(schema_editor, TABLES, household=True)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, TABLES, household=True)


class Migration(migrations.Migration):

    dependencies = [
        ('households', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(unhide_fallbacks, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='category',
            constraint=models.CheckConstraint(condition=models.Q(('is_hidden', True), ('slug__in', ['other', 'other_income']), _negated=True), name='category_fallback_visible', violation_error_message="'기타' 분류는 숨길 수 없어요. 분류되지 않은 항목이 여기에 모여요."),
        ),
        migrations.AlterConstraint(
            model_name='household',
            name='household_month_start_day_range',
            constraint=models.CheckConstraint(condition=models.Q(('month_start_day__gte', 1), ('month_start_day__lte', 28)), name='household_month_start_day_range', violation_error_message='한 달 시작일은 1일부터 28일 사이로 정해 주세요.'),
        ),
        migrations.RunPython(install, uninstall),
    ]
