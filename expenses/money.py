"""How amounts of won are written: on the pages, in the charts and in chat replies."""


def won(amount: int | None) -> str:
    """12300 → "12,300원"."""
    return f"{int(amount or 0):,}원"


def num(amount: int | None) -> str:
    """12300 → "12,300"."""
    return f"{int(amount or 0):,}"


def short_won(amount: int | None) -> str:
    """For tight spots (the donut's centre, bar ends): 9,800원 · 12.3만원 · 1.2억원."""
    amount = int(amount or 0)
    sign, amount = ("-", -amount) if amount < 0 else ("", amount)
    if amount < 10_000:
        return f"{sign}{amount:,}원"
    if amount < 100_000_000:
        text = f"{amount / 10_000:,.1f}".removesuffix(".0")
        return f"{sign}{text}만원"
    text = f"{amount / 100_000_000:,.1f}".removesuffix(".0")
    return f"{sign}{text}억원"
