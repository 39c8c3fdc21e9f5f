"""Domain errors: raised by actions and rules, shown to the user in plain Chinese."""


class DomainError(Exception):
    """A rule of the domain refuses the request; `message` is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransition(DomainError):
    """A workflow was asked to move from a state that does not allow the move."""


class AccessDenied(DomainError):
    """The acting user may not do this; views turn it into a 404 so nothing is learned."""
