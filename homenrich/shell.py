"""The site shell's one decision: which tab of the bottom bar (phone) or top bar (desktop) a page belongs to."""

# Longest prefix first is not needed: prefixes do not overlap except "/", checked last.
TABS = (
    ("calendar", ("/calendar/",)),
    ("stats", ("/stats/", "/budgets/")),
    ("household", ("/household/", "/chats/", "/payments/", "/export/", "/import/", "/accounts/password_change")),
    ("month", ("/month/", "/entries/", "/search/", "/statements/", "/recurring/")),
)


def tab_for_path(path: str) -> str:
    if path == "/":
        return "month"
    for tab, prefixes in TABS:
        if path.startswith(prefixes):
            return tab
    return ""


def shell(request):
    """Context processor: `tab` names the active tab ("" on pages outside the four)."""
    return {"tab": tab_for_path(request.path)}
