#!/usr/bin/env bash
# Re-render the pictures README.md links (docs/sheet-*.png, binder-*.png, authenticator-*.png)
# from samples/ and the 40-account Aegis backup in tests/fixtures, with a throwaway ledger and
# a fixed date, at 72 dpi. Needs pdftoppm (poppler-utils).
# The before-*.png pictures are the pages before the issue 11 redesign and stay as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1764633600 XDG_STATE_HOME="$work/state"
mksheet=${MKSHEET:-mksheet}

sheet() {  # sheet NAME INPUT [options...]
    local name=$1 input=$2
    shift 2
    "$mksheet" "$input" -o "$work/$name.pdf" --paper a4 "$@" >/dev/null 2>&1
    pdftoppm -r 72 -png -singlefile "$work/$name.pdf" "docs/sheet-$name"
}

sheet github samples/github-recovery-codes.txt
sheet discord samples/discord_backup_codes-with-used-codes.txt
sheet idme samples/idme-backup-codes.txt
sheet apple samples/apple-recovery-key-pasted.txt
sheet proton samples/proton_recovery_phrase.txt
printf 'Acme Bank backup codes\n\nq7rt-k2mx-p9\nz3wd-h8nc-4v\nm6yb-t2qa-7k\nc9fj-r4ep-2x\nw5hs-n7ug-3d\nk8la-v6ze-9p\n' \
    >"$work/acme-codes.txt"
sheet generic "$work/acme-codes.txt"

family="$work/Rivera"
mkdir -p "$family/Jordan" "$family/Sam"
cp samples/github-recovery-codes.txt samples/backup_codes.txt "$family/Jordan/"
cp samples/discord_backup_codes-with-used-codes.txt samples/proton_recovery_phrase.txt "$family/Sam/"
"$mksheet" binder "$family" -o "$work/binder.pdf" --paper a4 >/dev/null 2>&1
for page in cover:1 contents:2 sheet:4; do
    pdftoppm -r 72 -png -singlefile -f "${page#*:}" -l "${page#*:}" "$work/binder.pdf" \
        "docs/binder-${page%:*}"
done

# An authenticator export's cover, a page of cards and the first restore page.
export=tests/fixtures/authenticators/aegis/aegis-backup-20261201-103000.json
printf 'correct horse battery staple\n' >"$work/vault-password"
"$mksheet" "$export" -o "$work/cards.pdf" --paper a4 --vault-password-file "$work/vault-password" \
    >/dev/null 2>&1
restore=$(pdftotext "$work/cards.pdf" - | awk 'BEGIN { RS = "\f" } /Restore all at once/ { print NR; exit }')
for page in cover:1 cards:3 "restore:$restore"; do
    pdftoppm -r 72 -png -singlefile -f "${page#*:}" -l "${page#*:}" "$work/cards.pdf" \
        "docs/authenticator-${page%:*}"
done
