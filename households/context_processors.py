"""Puts the current membership and the person's other households into every template."""

from .selectors import active_memberships, membership_for_request


def household(request):
    membership = membership_for_request(request)
    if membership is None:
        return {"membership": None}
    return {
        "membership": membership,
        "household": membership.household,
        "other_memberships": [m for m in active_memberships(user=request.user) if m.pk != membership.pk],
    }
