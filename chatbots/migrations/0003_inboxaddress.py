# Forwarding addresses for phone automations: one live address per member, only its hash stored.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('chatbots', '0002_turn_message_ids_and_counters'),
        ('households', '0002_rules_in_the_database'),
    ]

    operations = [
        migrations.CreateModel(
            name='InboxAddress',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(max_length=64, unique=True)),
                ('hint', models.CharField(max_length=4, verbose_name='끝자리')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='만든 때')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='마지막 사용')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='없앤 때')),
                ('household', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inbox_addresses', to='households.household')),
                ('membership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='inbox_addresses', to='households.membership')),
            ],
            options={
                'verbose_name': '알림 전달 주소',
                'verbose_name_plural': '알림 전달 주소',
                'constraints': [models.UniqueConstraint(condition=models.Q(('revoked_at__isnull', True)), fields=('membership',), name='inbox_one_live_address')],
            },
        ),
    ]
