"""Page geometry and type sizes: one frozen Style, with the legible minimums."""

from __future__ import annotations

from dataclasses import dataclass, replace

MM = 72 / 25.4  # points per millimetre

PAPER = {"a4": (210 * MM, 297 * MM), "letter": (8.5 * 72, 11 * 72)}
# Everything is drawn inside this box, centred, so a sheet made for one size prints
# whole on the other: A4 width and Letter height.
SAFE_BOX = (210 * MM, 279 * MM)

FONTS = {
    "body": "AtkinsonHyperlegible-Regular",
    "body-bold": "AtkinsonHyperlegible-Bold",
    "code": "IBMPlexMono-Regular",
}


@dataclass(frozen=True)
class Style:
    """Sizes in points; `tighter()` steps down towards the legible minimum."""

    margin: float = 12 * MM
    title: float = 20
    subtitle: float = 12
    heading: float = 12
    body: float = 10.5
    small: float = 7.5
    code: float = 18
    key: float = 18  # a single recovery key or phrase
    row_gap: float = 4.5  # between code rows
    group_gap: float = 5  # extra space after every `group` rows
    group: int = 5
    qr_size: float = 42 * MM  # with its quiet zone
    checkbox: float = 4.5 * MM
    date_line: float = 22 * MM
    gutter: float = 8 * MM

    MIN_CODE = 12.0
    MIN_BODY = 8.5

    def tighter(self) -> "Style | None":
        """The next smaller style, or None when the minimum legible sizes are reached."""
        if self.code <= self.MIN_CODE and self.body <= self.MIN_BODY:
            return None
        return replace(
            self,
            code=max(self.MIN_CODE, self.code - 1),
            key=max(self.MIN_CODE, self.key - 1.5),
            body=max(self.MIN_BODY, self.body - 0.5),
            row_gap=max(2.0, self.row_gap - 0.75),
            group_gap=max(2.0, self.group_gap - 1),
            qr_size=max(34 * MM, self.qr_size - 2 * MM),
            title=max(16, self.title - 1),
        )
