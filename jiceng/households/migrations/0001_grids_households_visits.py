"""Grids, households and visits, moved out of the ledgers (issue 9): the models only.

The tables stay where the ledgers app created them (`db_table` keeps their names), so this
migration changes the migration state and no data: it runs after ledgers 0004 (the tables
exist) and ledgers 0005 drops the models from the ledgers' state.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('organizations', '0001_initial'),
        ('ledgers', '0004_fill_statistics_rollup'),  # where the tables were created
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    state_operations = [
        migrations.CreateModel(
            name='Grid',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('org_path', models.CharField(db_index=True, editable=False, max_length=255)),
                ('name', models.CharField(max_length=60, verbose_name='网格名称')),
                ('responsible', models.CharField(max_length=50, verbose_name='网格责任人')),
                ('visit_cycle_days', models.PositiveSmallIntegerField(default=30, verbose_name='走访周期（天）')),
                ('duties', models.TextField(blank=True, verbose_name='网格职责')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='村级党组织')),
                ('responsible_user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='责任人账户')),
            ],
            options={
                'verbose_name': '网格',
                'verbose_name_plural': '网格',
                'db_table': 'ledgers_grid',
                'ordering': ['org_path', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Household',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('org_path', models.CharField(db_index=True, editable=False, max_length=255)),
                ('head_name', models.CharField(max_length=50, verbose_name='户主')),
                ('address', models.CharField(blank=True, max_length=100, verbose_name='住址')),
                ('size', models.PositiveSmallIntegerField(default=1, verbose_name='家庭人口')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='备注')),
                ('grid', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='households', to='households.grid', verbose_name='网格')),
            ],
            options={
                'verbose_name': '农户',
                'verbose_name_plural': '农户',
                'db_table': 'ledgers_household',
                'ordering': ['grid_id', 'head_name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Visit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('org_path', models.CharField(editable=False, max_length=255)),
                ('kind', models.CharField(choices=[('able', '访能人问发展'), ('veteran', '访老干部老党员问良策'), ('petitioner', '访上访户问情由'), ('hardship', '访困难户问民需'), ('resident', '访群众问民生')], max_length=20, verbose_name='走访类型')),
                ('visited_on', models.DateField(verbose_name='走访日期')),
                ('visitee', models.CharField(max_length=50, verbose_name='走访对象')),
                ('findings', models.TextField(blank=True, verbose_name='了解情况')),
                ('grid', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visits', to='households.grid', verbose_name='网格')),
                ('household', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='visits', to='households.household', verbose_name='农户')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organizations.organization', verbose_name='村级党组织')),
                ('visitor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to=settings.AUTH_USER_MODEL, verbose_name='走访人')),
            ],
            options={
                'verbose_name': '走访记录',
                'verbose_name_plural': '走访记录',
                'db_table': 'ledgers_visit',
                'ordering': ['-visited_on', '-id'],
            },
        ),
        migrations.AddConstraint(
            model_name='grid',
            constraint=models.UniqueConstraint(fields=('organization', 'name'), name='grid_unique_name'),
        ),
        migrations.AddIndex(
            model_name='visit',
            index=models.Index(fields=['visitor', 'organization', 'visited_on'], name='visit_quota'),
        ),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
