"""Puts the current membership and the person's other households into every template."""

from .selectors import membership_for_request, request_memberships


def household(request):
    membership = membership_for_request(request)
    if membership is None:
        return {"membership": None}
    return {
        "membership": membership,
        "household": membership.household,
        "other_memberships": [m for m in request_memberships(request) if m.pk != membership.pk],
    }
