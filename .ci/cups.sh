#!/usr/bin/env bash
# A real CUPS server with a virtual PDF printer, for tests/test_printing.py.
#
#   .ci/cups.sh install   apt packages (root; needs network)
#   .ci/cups.sh start     start cupsd -f in the background, add the queue, print the env lines
#   .ci/cups.sh stop      stop that cupsd (by its recorded PID), remove the queue, restore config
#
# Run from the project root, as root, without systemd (cupsd runs in the foreground under
# our own PID). `start` prints three lines for the test run to export:
#   MKSHEET_CUPS_PRINTER=mksheet-pdf
#   MKSHEET_CUPS_OUT=<absolute folder where cups-pdf writes the printed PDFs>
#   MKSHEET_CUPS_SPOOL=<CUPS's spool folder, where each job's attributes are kept>
# CUPS reports "completed" even for jobs it could not render, so the tests check the
# printed files themselves, never the job status. See shared/deps.md section 4.
set -euo pipefail

PRINTER=${MKSHEET_CUPS_PRINTER:-mksheet-pdf}
STATE=${MKSHEET_CUPS_DIR:-$PWD/build/cups}
PACKAGES="cups cups-client cups-bsd cups-filters printer-driver-cups-pdf"

conf_file() {
    dpkg -L printer-driver-cups-pdf | grep 'cups-pdf\.conf$' | head -n 1
}

install() {
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $PACKAGES
}

start() {
    if [ -s "$STATE/cupsd.pid" ] && kill -0 "$(cat "$STATE/cupsd.pid")" 2>/dev/null; then
        echo "cups.sh: cupsd already started by us (PID $(cat "$STATE/cupsd.pid")); run stop first" >&2
        return 1
    fi
    if lpstat -r 2>/dev/null | grep -q 'is running'; then
        echo "cups.sh: another CUPS scheduler is already running; stop it first" >&2
        return 1
    fi
    mkdir -p "$STATE/printed"
    rm -f "$STATE"/printed/job_*.pdf  # job numbers may start again: no stale matches
    chmod 0777 "$STATE/printed"  # cups-pdf writes as the job's user
    # The system's configuration, plus: write each job's attributes to the spool at once
    # (the tests read them) and keep them.
    {
        cat /etc/cups/cupsd.conf
        printf 'DirtyCleanInterval 0\nPreserveJobFiles Yes\n'
    } >"$STATE/cupsd.conf"
    # cupsd -f stays in the foreground, so $! is cupsd itself (not a subshell).
    cupsd -f -c "$STATE/cupsd.conf" >"$STATE/cupsd.log" 2>&1 &
    echo $! >"$STATE/cupsd.pid"
    local tries=0
    until lpstat -r 2>/dev/null | grep -q 'is running'; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ] || ! kill -0 "$(cat "$STATE/cupsd.pid")" 2>/dev/null; then
            echo "cups.sh: cupsd did not start; see $STATE/cupsd.log" >&2
            cat "$STATE/cupsd.log" >&2 || true
            return 1
        fi
        sleep 0.1
    done
    local conf
    conf=$(conf_file)
    [ -f "$STATE/cups-pdf.conf.orig" ] || cp "$conf" "$STATE/cups-pdf.conf.orig"
    cp "$STATE/cups-pdf.conf.orig" "$conf"
    # Out: where printed files go; Label 1: prefix each with job_<id>- so tests find it.
    printf 'Out %s\nLabel 1\n' "$STATE/printed" >>"$conf"
    local model
    model=$(lpinfo -m | awk '/CUPS-PDF_noopt/ {print $1; exit}')
    if [ -z "$model" ]; then
        echo "cups.sh: no CUPS-PDF model found (is printer-driver-cups-pdf installed?)" >&2
        return 1
    fi
    lpadmin -p "$PRINTER" -E -v cups-pdf:/ -m "$model" 2>/dev/null
    lpadmin -d "$PRINTER"
    local spool
    spool=$(awk '$1 == "RequestRoot" {print $2}' /etc/cups/cups-files.conf 2>/dev/null)
    echo "MKSHEET_CUPS_PRINTER=$PRINTER"
    echo "MKSHEET_CUPS_OUT=$STATE/printed"
    echo "MKSHEET_CUPS_SPOOL=${spool:-/var/spool/cups}"
}

stop() {
    if [ -s "$STATE/cupsd.pid" ]; then
        local pid
        pid=$(cat "$STATE/cupsd.pid")
        lpadmin -x "$PRINTER" 2>/dev/null || true
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid"
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$STATE/cupsd.pid"
    fi
    if [ -f "$STATE/cups-pdf.conf.orig" ]; then
        cp "$STATE/cups-pdf.conf.orig" "$(conf_file)"
        rm -f "$STATE/cups-pdf.conf.orig"
    fi
}

case "${1:-}" in
    install | start | stop) "$1" ;;
    *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
