"""Text for people at a terminal: `inspect` and `verify` rows, `history` and `providers` tables.

Pure functions from records to lines, so the CLI only prints them. JSON output is built
elsewhere (ledger.history, api.describe) and never passes through here.
"""

from __future__ import annotations

import textwrap

HISTORY_HEADER = ("SERIAL", "STATUS", "SERVICE", "ACCOUNT", "OWNER", "PRINTED", "COPIES")
PROVIDERS_HEADER = ("KEY", "PROVIDER", "KINDS", "DOWNLOAD FILE NAMES")


def columns(header: tuple[str, ...], rows: list[list[str]], width: int = 0) -> list[str]:
    """Rows as lines of left-aligned columns as wide as their widest cell; the last column is
    never padded. Given a terminal width, the widest columns (never the first) narrow until
    the table fits, and their cells wrap onto further lines within their own column."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    if width:  # narrow to whole words first; split words only if that is not enough
        words = [
            max(len(word) for cell in column for word in cell.split() or [""])
            for column in zip(header, *rows)
        ]
        widths = _narrowed(_narrowed(widths, width, words), width, [12] * len(widths))
    lines = []
    for cells in [list(header), *rows]:
        wrapped = [
            textwrap.wrap(cell, w, break_on_hyphens=False) or [""] if width else [cell]
            for cell, w in zip(cells, widths)
        ]
        for depth in range(max(map(len, wrapped))):
            parts = [cell[depth] if depth < len(cell) else "" for cell in wrapped]
            lead = "".join(part.ljust(w) + "  " for part, w in zip(parts[:-1], widths))
            lines.append((lead + parts[-1]).rstrip())
    return lines


def _narrowed(widths: list[int], width: int, floors: list[int]) -> list[int]:
    """Column widths that fit `width` (two spaces between), taken from the widest column
    after the first that is above its floor; as close as they come if they cannot fit."""
    widths = list(widths)
    while sum(widths) + 2 * (len(widths) - 1) > width:
        above = [i for i in range(1, len(widths)) if widths[i] > floors[i]]
        if not above:
            break
        widths[max(above, key=lambda i: widths[i])] -= 1
    return widths


def history_cells(row: dict) -> list[str]:
    """One sheet of the ledger (a `history --json` object) as the cells of a row."""
    copies = str(row["copies"])
    if row["replaced_by"]:
        copies += f", replaced by {row['replaced_by']}"
    if row["status"] == "superseded":
        copies += ": destroy it"
    return [
        row["serial"],
        row["status"],
        row["name"] or row["provider"],
        row["account"] or "-",
        row["owner"] or "-",
        row["printed"],
        copies,
    ]


def history(rows: list[dict], width: int = 0) -> list[str]:
    """The `history` table, a header and a line per sheet."""
    return columns(HISTORY_HEADER, [history_cells(row) for row in rows], width)


def history_line(row: dict) -> str:
    """One sheet of the ledger as a line of text."""
    return "  ".join(history_cells(row))


def providers(rows: list[dict], width: int = 0) -> list[str]:
    """The `providers` table from `providers --json` objects."""
    cells = [
        [
            row["key"],
            row["name"],
            ", ".join(row["kinds"]),
            ", ".join(row["files"]) or "(none: paste the codes into a .txt file)",
        ]
        for row in rows
    ]
    return columns(PROVIDERS_HEADER, cells, width)


def providers_markdown(rows: list[dict]) -> list[str]:
    """The table README.md shows (tests/cli/test_readme.py keeps the two equal)."""
    lines = [
        "| key | provider | kinds | download file names | format known |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        names = ", ".join(f"`{f}`" for f in row["files"]) or "none: paste the codes"
        lines.append(
            f"| `{row['key']}` | {row['name']} | {', '.join(row['kinds'])} | "
            f"{names} | {row['confidence']} |"
        )
    return lines


def labelled(rows: list[tuple[str, str]]) -> list[str]:
    """(label, value) rows as `label:    value` lines, the values in one column."""
    return [f"{label + ':':<10} {value}" for label, value in rows]


def inspected(file: str, info: dict, masked) -> list[tuple[str, str]]:
    """What `inspect` shows of an `inspect --json` object, the codes given masked."""
    rows = [
        ("file", file),
        ("provider", f"{info['name'] or 'not named'} ({info['provider']})"),
        ("kind", f"{info['kind']} ({info['label']})"),
        ("account", info["account"] or "-"),
        ("issued", info["issued"] or "-"),
        ("how sure", f"{info['confidence']:.0%}"),
        ("codes", f"{info['count']}: {', '.join(masked)}"),
        ("used", str(len(info["used"]))),
    ]
    if info["numbers"]:
        rows.append(("numbers", f"{info['numbers'][0]}-{info['numbers'][-1]}"))
    rows += [("note", note) for note in info["notes"]]
    return rows + [("warning", w) for w in info["warnings"]]


def vault_inspected(file: str, info: dict, mask: str) -> list[tuple[str, str]]:
    """What `inspect` shows of an export's `inspect --json` object, every secret as mask."""
    rows = [
        ("file", file),
        ("provider", f"{info['provider']} (authenticator export)"),
        ("encrypted", "yes" if info["encrypted"] else "no"),
        ("accounts", str(info["count"])),
    ]
    rows += [("account", _otp_line(entry, mask)) for entry in info["entries"]]
    return rows + [("warning", w) for w in info["warnings"]]


def _otp_line(entry: dict, mask: str) -> str:
    """`Issuer / account: totp SHA1 6 digits 30 s, secret ••••••`."""
    name = " / ".join(part for part in (entry["issuer"], entry["account"]) if part) or "-"
    every = f"counter {entry['counter']}" if entry["type"] == "hotp" else f"{entry['period']} s"
    return (
        f"{name}: {entry['type']} {entry['algorithm']} {entry['digits']} digits "
        f"{every}, secret {mask}"
    )
