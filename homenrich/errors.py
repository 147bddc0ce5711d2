"""The one exception every door shows as it is: a change the rules refused, in words for the person who asked."""


class Refused(Exception):
    """A change the household's rules do not allow; str(error) is a Korean sentence fit to show as it is.

    Services raise it; a view re-renders its form with it, a chat replies with it, the admin shows it as an
    error message and the importer names it. Nothing was written when it is raised.
    """
