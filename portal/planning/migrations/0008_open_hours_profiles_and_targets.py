"""Open hours, arrival patterns, patience and chat concurrency per channel; a reply
target for e-mail and social.

Each channel's coverage (hours a week) becomes its open hours by the rule below,
copied here from ``portal.week.open_hours_for_weekly_hours`` as it stood when this
migration was written, so that the conversion never changes with the code: 45 hours
is business hours (Monday-Friday 09:00-18:00), 168 is 24/7; up to 120 hours are
spread over Monday to Friday (the first days take the one-hour remainders), each
day's block centered on 09:00-18:00 (70 hours: 07:00-21:00); beyond 120 the weekdays
are open around the clock and the rest fills Saturday, then Sunday.

The busiest hour's share is dropped, not converted: one number cannot say which
hours are busy, and the old model kept the busiest hour's seats through every
coverage hour, overstaffing the other hours (issue 17). The staffing is now sized
hour by hour from an arrival pattern over the open hours; every migrated line starts
on the even ("flat") pattern, and its planner can choose a built-in pattern or
import interval volumes. Reversing the migration gives each line back its number of
open hours as its coverage, and no busiest-hour share.
"""

from decimal import Decimal

import django.core.validators
from django.db import migrations, models

import portal.planning.choices

HOURS_PER_WEEK = 168


def _day_block(length: int) -> range:
    start = 9 - (length - 9) // 2
    start = max(0, min(24 - length, start))
    return range(start, start + length)


def open_hours_for_weekly_hours(hours: float) -> list[bool]:
    whole = max(1, min(HOURS_PER_WEEK, round(hours)))
    if whole == 45:
        return [day < 5 and 9 <= hour < 18 for day in range(7) for hour in range(24)]
    if whole == HOURS_PER_WEEK:
        return [True] * HOURS_PER_WEEK
    days = [0] * 7
    if whole <= 5 * 24:
        for day in range(5):
            days[day] = whole // 5 + (1 if day < whole % 5 else 0)
    else:
        days[:5] = [24] * 5
        rest = whole - 5 * 24
        days[5], days[6] = min(24, rest), max(0, rest - 24)
    is_open = [False] * HOURS_PER_WEEK
    for day, length in enumerate(days):
        for hour in _day_block(length):
            is_open[day * 24 + hour] = True
    return is_open


def coverage_to_open_hours(apps, schema_editor):
    ChannelLine = apps.get_model("planning", "ChannelLine")
    lines = list(ChannelLine.objects.all())
    for line in lines:
        line.open_hours = open_hours_for_weekly_hours(float(line.coverage_hours_per_week))
    ChannelLine.objects.bulk_update(lines, ["open_hours"], batch_size=500)


def open_hours_to_coverage(apps, schema_editor):
    ChannelLine = apps.get_model("planning", "ChannelLine")
    lines = list(ChannelLine.objects.all())
    for line in lines:
        line.coverage_hours_per_week = Decimal(max(1, sum(1 for h in line.open_hours if h)))
    ChannelLine.objects.bulk_update(lines, ["coverage_hours_per_week"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0007_rate_card_floor_without_ceiling"),
        ("portal", "0005_engagement_currency_exchange_rate"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="channelline",
            name="coverage_at_most_a_week",
        ),
        migrations.AddField(
            model_name="channelline",
            name="concurrency",
            field=models.DecimalField(
                decimal_places=1,
                default=Decimal("2"),
                max_digits=3,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("1")),
                    django.core.validators.MaxValueValidator(Decimal("10")),
                ],
                verbose_name="chats an agent carries at once",
            ),
        ),
        migrations.AddField(
            model_name="channelline",
            name="open_hours",
            field=models.JSONField(
                default=portal.planning.choices.default_open_hours,
                help_text="168 true/false values, one per hour of the week from Monday 00:00.",
            ),
        ),
        migrations.AddField(
            model_name="channelline",
            name="patience_seconds",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Average seconds a caller waits before hanging up; leave empty if unknown.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(3600),
                ],
                verbose_name="caller patience (seconds)",
            ),
        ),
        migrations.AddField(
            model_name="channelline",
            name="profile",
            field=models.JSONField(
                blank=True,
                editable=False,
                help_text="168 shares of the week's contacts, from the last interval import.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="channelline",
            name="profile_kind",
            field=models.CharField(
                choices=[
                    ("flat", "Even over the open hours"),
                    ("consumer", "Typical consumer week"),
                    ("night_trough", "Around the clock with a quiet night"),
                    ("imported", "Imported from your phone system"),
                ],
                default="flat",
                max_length=16,
                verbose_name="arrival pattern",
            ),
        ),
        migrations.AddField(
            model_name="costcase",
            name="reply_within_hours",
            field=models.PositiveIntegerField(
                default=24,
                help_text="24 hours is the usual standard; at most 336 (two weeks).",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(336),
                ],
                verbose_name="e-mail and social replied within (hours)",
            ),
        ),
        migrations.AddConstraint(
            model_name="channelline",
            constraint=models.CheckConstraint(
                condition=models.Q(("concurrency__gte", 1), ("concurrency__lte", 10)),
                name="concurrency_one_to_ten",
            ),
        ),
        # A default, so that reversing the removal below can add the column back to
        # rows that exist (the reverse data step then sets each one).
        migrations.AlterField(
            model_name="channelline",
            name="coverage_hours_per_week",
            field=models.DecimalField(
                decimal_places=1,
                default=Decimal("45"),
                max_digits=5,
                validators=[
                    django.core.validators.MinValueValidator(Decimal("0.1")),
                    django.core.validators.MaxValueValidator(168),
                ],
                help_text="45 = business hours, 70 = with evenings, 168 = around the clock.",
            ),
        ),
        migrations.RunPython(coverage_to_open_hours, open_hours_to_coverage),
        migrations.RemoveField(
            model_name="channelline",
            name="coverage_hours_per_week",
        ),
        migrations.RemoveField(
            model_name="channelline",
            name="peak_hour_share_percent",
        ),
    ]
