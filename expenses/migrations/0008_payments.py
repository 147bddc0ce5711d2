# Payment details on entries, cards and accounts (결제수단), the payments cards and banks reported, statement imports.

import django.db.models.deletion
from django.db import migrations, models

from households import data_version

# Renaming a card changes what the stats page shows: the data version moves with it. SQLite rebuilds
# expenses_entry to add its constraint, and a rebuilt table has lost its triggers: they are laid again.
TABLES = ("expenses_paymentmethod", "expenses_entry")


def install(apps, schema_editor):
    data_version.uninstall(schema_editor, TABLES)
    data_version.install(schema_editor, TABLES)


def uninstall(apps, schema_editor):
    data_version.uninstall(schema_editor, ("expenses_paymentmethod",))


class Migration(migrations.Migration):

    dependencies = [
        ('expenses', '0007_household_import'),
        ('households', '0003_signup_request'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportedPayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source', models.CharField(choices=[('notice', '알림'), ('statement', '명세서')], max_length=10)),
                ('fingerprint', models.CharField(max_length=64)),
                ('kind', models.CharField(choices=[('expense', '지출'), ('income', '수입')], max_length=7)),
                ('amount_krw', models.BigIntegerField()),
                ('occurred_on', models.DateField()),
                ('occurred_time', models.CharField(blank=True, max_length=5)),
                ('merchant', models.CharField(blank=True, max_length=100)),
                ('is_cancel', models.BooleanField(default=False)),
                ('installments', models.PositiveSmallIntegerField(default=1)),
                ('outcome', models.CharField(choices=[('new', '새 기록'), ('merged', '직접 쓴 기록과 합침'), ('duplicate', '이미 받은 결제'), ('cancelled', '승인 취소'), ('refund', '환불로 기록')], max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': '받은 결제 알림',
                'verbose_name_plural': '받은 결제 알림',
            },
        ),
        migrations.CreateModel(
            name='StatementImport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('filename', models.CharField(max_length=200)),
                ('issuer', models.CharField(max_length=20)),
                ('rows', models.JSONField(default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('recorded_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'verbose_name': '카드 명세서',
                'verbose_name_plural': '카드 명세서',
            },
        ),
        migrations.AddField(
            model_name='entry',
            name='cancelled_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='취소된 때'),
        ),
        migrations.AddField(
            model_name='entry',
            name='installments',
            field=models.PositiveSmallIntegerField(db_default=1, default=1, verbose_name='할부 개월'),
        ),
        migrations.AddField(
            model_name='entry',
            name='merged_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='entry',
            name='channel',
            field=models.CharField(choices=[('web', '웹'), ('telegram', '텔레그램'), ('kakao', '카카오톡'), ('import', '가져오기'), ('recurring', '반복'), ('inbox', '전달 주소'), ('statement', '카드 명세서')], default='web', max_length=10),
        ),
        migrations.AlterField(
            model_name='message',
            name='channel',
            field=models.CharField(choices=[('web', '웹'), ('telegram', '텔레그램'), ('kakao', '카카오톡'), ('import', '가져오기'), ('recurring', '반복'), ('inbox', '전달 주소'), ('statement', '카드 명세서')], max_length=10),
        ),
        migrations.AlterField(
            model_name='message',
            name='outcome',
            field=models.CharField(blank=True, choices=[('recorded', '기록됨'), ('no_amount', '금액 없음'), ('foreign_currency', '외화'), ('too_long', '너무 김'), ('rate_limited', '요청 제한'), ('duplicate', '중복'), ('read_only', '보기 전용'), ('command', '명령'), ('question', '질문'), ('edited', '고친 메시지'), ('date_out_of_range', '기록할 수 없는 날짜'), ('parse_error', '읽기 오류'), ('error', '오류'), ('notice_skipped', '기록하지 않는 알림'), ('already_recorded', '이미 받은 알림'), ('bad_request', '읽을 수 없는 요청')], max_length=20),
        ),
        migrations.CreateModel(
            name='PaymentMethod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('credit', '신용카드'), ('check', '체크카드'), ('bank', '계좌'), ('cash', '현금')], max_length=6, verbose_name='종류')),
                ('issuer', models.CharField(blank=True, max_length=20, verbose_name='카드사·은행')),
                ('last4', models.CharField(blank=True, max_length=4, verbose_name='끝자리')),
                ('name', models.CharField(max_length=30, verbose_name='이름')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('household', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='payment_methods', to='households.household')),
            ],
            options={
                'verbose_name': '결제수단',
                'verbose_name_plural': '결제수단',
                'ordering': ['kind', 'issuer', 'last4', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='entry',
            name='payment_method',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='expenses.paymentmethod', verbose_name='결제수단'),
        ),
        migrations.AddConstraint(
            model_name='entry',
            constraint=models.CheckConstraint(condition=models.Q(('installments__gte', 1), ('installments__lte', 60)), name='entry_installments_range', violation_error_message='할부는 1개월부터 60개월까지예요.'),
        ),
        migrations.AddField(
            model_name='reportedpayment',
            name='entry',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='expenses.entry'),
        ),
        migrations.AddField(
            model_name='reportedpayment',
            name='household',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reported_payments', to='households.household'),
        ),
        migrations.AddField(
            model_name='reportedpayment',
            name='message',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='expenses.message'),
        ),
        migrations.AddField(
            model_name='reportedpayment',
            name='payment_method',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='expenses.paymentmethod'),
        ),
        migrations.AddField(
            model_name='statementimport',
            name='household',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='statement_imports', to='households.household'),
        ),
        migrations.AddField(
            model_name='statementimport',
            name='message',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='expenses.message'),
        ),
        migrations.AddField(
            model_name='statementimport',
            name='uploaded_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='households.membership'),
        ),
        migrations.AddConstraint(
            model_name='paymentmethod',
            constraint=models.UniqueConstraint(fields=('household', 'kind', 'issuer', 'last4'), name='payment_method_unique'),
        ),
        migrations.AddConstraint(
            model_name='paymentmethod',
            constraint=models.CheckConstraint(condition=models.Q(('name', ''), _negated=True), name='payment_method_named', violation_error_message='이름을 적어 주세요.'),
        ),
        migrations.AddIndex(
            model_name='reportedpayment',
            index=models.Index(fields=['household', 'amount_krw', 'occurred_on'], name='report_amount_date'),
        ),
        migrations.AddConstraint(
            model_name='reportedpayment',
            constraint=models.UniqueConstraint(fields=('household', 'fingerprint'), name='reported_payment_once'),
        ),
        migrations.RunPython(install, uninstall),
    ]
