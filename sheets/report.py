"""Text for people at a terminal: `inspect` and `verify` rows, `history` and `providers` tables.

Pure functions from records to lines, so the CLI only prints them. JSON output is built
elsewhere (ledger.history, api.describe) and never passes through here.
"""

from __future__ import annotations

HISTORY_HEADER = ("SERIAL", "STATUS", "PROVIDER", "ACCOUNT", "OWNER", "PRINTED", "COPIES")
PROVIDERS_HEADER = ("KEY", "PROVIDER", "KINDS", "DOWNLOAD FILE NAMES")


def columns(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    """Rows as lines of left-aligned columns as wide as their widest cell; the last column
    is never padded, so a long cell never pushes the others out of line."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(cells[:-1], widths))
            + "  " + cells[-1] for cells in [list(header), *rows]]


def history_cells(row: dict) -> list[str]:
    """One sheet of the ledger (a `history --json` object) as the cells of a row."""
    copies = str(row["copies"])
    if row["replaced_by"]:
        copies += f", replaced by {row['replaced_by']}"
    if row["status"] == "superseded":
        copies += ": destroy it"
    return [row["serial"], row["status"], row["provider"], row["account"] or "-",
            row["owner"] or "-", row["printed"], copies]


def history(rows: list[dict]) -> list[str]:
    """The `history` table, a header and a line per sheet."""
    return columns(HISTORY_HEADER, [history_cells(row) for row in rows])


def history_line(row: dict) -> str:
    """One sheet of the ledger as a line of text."""
    return "  ".join(history_cells(row))


def providers(rows: list[dict]) -> list[str]:
    """The `providers` table from `providers --json` objects."""
    cells = [[row["key"], row["name"], ", ".join(row["kinds"]),
              ", ".join(row["files"]) or "(none: paste the codes into a .txt file)"]
             for row in rows]
    return columns(PROVIDERS_HEADER, cells)


def providers_markdown(rows: list[dict]) -> list[str]:
    """The table README.md shows (tests/test_readme.py keeps the two equal)."""
    lines = ["| key | provider | kinds | download file names | format known |",
             "|---|---|---|---|---|"]
    for row in rows:
        names = ", ".join(f"`{f}`" for f in row["files"]) or "none: paste the codes"
        lines.append(f"| `{row['key']}` | {row['name']} | {', '.join(row['kinds'])} | "
                     f"{names} | {row['confidence']} |")
    return lines


def labelled(rows: list[tuple[str, str]]) -> list[str]:
    """(label, value) rows as `label:    value` lines, the values in one column."""
    return [f"{label + ':':<10} {value}" for label, value in rows]


def inspected(file: str, info: dict, masked) -> list[tuple[str, str]]:
    """What `inspect` shows of an `inspect --json` object, the codes given masked."""
    rows = [("file", file), ("provider", f"{info['name'] or 'not named'} ({info['provider']})"),
            ("kind", f"{info['kind']} ({info['label']})"), ("account", info["account"] or "-"),
            ("issued", info["issued"] or "-"), ("how sure", f"{info['confidence']:.0%}"),
            ("codes", f"{info['count']}: {', '.join(masked)}"),
            ("used", str(len(info["used"])))]
    if info["numbers"]:
        rows.append(("numbers", f"{info['numbers'][0]}-{info['numbers'][-1]}"))
    rows += [("note", note) for note in info["notes"]]
    return rows + [("warning", w) for w in info["warnings"]]


def vault_inspected(file: str, info: dict, mask: str) -> list[tuple[str, str]]:
    """What `inspect` shows of an export's `inspect --json` object, every secret as mask."""
    rows = [("file", file), ("provider", f"{info['provider']} (authenticator export)"),
            ("encrypted", "yes" if info["encrypted"] else "no"),
            ("accounts", str(info["count"]))]
    rows += [("account", _otp_line(entry, mask)) for entry in info["entries"]]
    return rows + [("warning", w) for w in info["warnings"]]


def _otp_line(entry: dict, mask: str) -> str:
    """`Issuer / account: totp SHA1 6 digits 30 s, secret ••••••`."""
    name = " / ".join(part for part in (entry["issuer"], entry["account"]) if part) or "-"
    every = f"{entry['period']} s" if entry["type"] == "totp" else f"counter {entry['counter']}"
    return (f"{name}: {entry['type']} {entry['algorithm']} {entry['digits']} digits "
            f"{every}, secret {mask}")
