"""One colour and one icon per category, from expenses/palette.py to the CSS, the chips and the charts."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from expenses import palette
from expenses.stats.charts import donut
from expenses.stats.queries import CategoryStat
from tests.contrast import contrast, mix

STATIC = Path(settings.BASE_DIR) / "static"
CARD = {"light": "#ffffff", "dark": "#1b211e"}
TINT = {"light": 0.12, "dark": 0.18}  # the chip's background: color-mix(--cat N%, --card) in app.css


def test_the_stylesheet_is_made_from_the_palette():
    on_disk = (STATIC / "css" / "categories.css").read_text(encoding="utf-8")
    assert on_disk == palette.stylesheet(), "run `python manage.py category_css` after editing expenses/palette.py"


def test_every_default_category_has_a_colour_and_an_icon_file(household):
    for category in household.categories.all():
        look = palette.look_for(category.slug)
        assert (STATIC / "icons" / f"{look.icon}.svg").is_file(), category.slug
        assert category.slug in palette.DEFAULTS


def test_no_two_default_categories_share_a_colour():
    lights = [look.light for look in palette.DEFAULTS.values()]
    darks = [look.dark for look in palette.DEFAULTS.values()]
    assert len(set(lights)) == len(lights) and len(set(darks)) == len(darks)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_chip_name_reads_at_4_5_to_1_on_its_tint(scheme):
    for name, look in [*palette.DEFAULTS.items(), *((f"own {i}", look) for i, look in enumerate(palette.EXTRA))]:
        colour = getattr(look, scheme)
        background = mix(colour, CARD[scheme], TINT[scheme])
        assert contrast(colour, background) >= 4.5, (name, scheme, colour)


def test_a_households_own_category_keeps_one_colour_everywhere():
    slug = "custom-3fa9c21e"
    assert palette.css_class(slug) == f"cat-{slug} cat-x{palette.extra_index(slug)}"
    assert palette.css_class(slug) == palette.css_class(slug)
    # Markup that writes only class="badge cat-<slug>" matches by the slug's last character.
    css = palette.stylesheet()
    rule = re.search(r'\.cat-x(\d)[^{]*\[class\$="e"\]', css)
    assert rule and int(rule[1]) == palette.extra_index(slug)


def test_the_donut_wears_the_same_colours_as_the_chips():
    stats = [
        CategoryStat(
            category_id=1, slug="food", name="식비", kind="expense", amount=300, count=1, previous=0, median=None
        ),
        CategoryStat(
            category_id=2,
            slug="custom-0a1b2c3d",
            name="용돈",
            kind="expense",
            amount=100,
            count=1,
            previous=0,
            median=None,
        ),
    ]
    slices = donut(stats)
    assert slices[0].css == "cat-food"
    assert slices[1].css == palette.css_class("custom-0a1b2c3d")


def test_the_category_filter_gives_the_class(household):
    from django.template import Context, Template

    food = household.categories.get(slug="food")
    html = Template('{% load category_tags %}<span class="badge {{ c|category_css }}">').render(Context({"c": food}))
    assert html == '<span class="badge cat-food">'
