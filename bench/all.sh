#!/usr/bin/env bash
# Every benchmark in turn, on one generated database (made on first use): bash bench/all.sh
cd "$(dirname "$0")/.."
set -e
for b in import lists card export load; do bash bench/$b.sh; done
