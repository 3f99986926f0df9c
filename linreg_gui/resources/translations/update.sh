#!/usr/bin/env bash
# Regenerate the translations with PySide6's own tools: pyside6-lupdate collects every tr()/translate()/
# QT_TRANSLATE_NOOP text of linreg_gui into the .ts source (keeping the translations already made; texts
# that left the code are dropped), and pyside6-lrelease compiles it into the .qm file the app loads.
# After adding texts: run this, translate the entries marked type="unfinished" (Qt Linguist or any
# editor), run it again, and commit the .ts and the .qm together (tests/test_language.py checks both).
set -euo pipefail
cd "$(dirname "$0")/../../.."
mapfile -t sources < <(find linreg_gui -name '*.py' | LC_ALL=C sort)
for ts in linreg_gui/resources/translations/linreg_*.ts; do
    pyside6-lupdate -silent -locations none -no-obsolete "${sources[@]}" -ts "${ts}"
    pyside6-lrelease -silent "${ts}" -qm "${ts%.ts}.qm"
done
