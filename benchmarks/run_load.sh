#!/usr/bin/env bash
# Hearth's load test (issue 14, item 4): gunicorn on loopback against a seeded demo database, locust
# headless with staff of every role (benchmarks/locustfile.py), and while it runs the weekly charge run
# and a Housing Benefit schedule import; then check_rent_balances. See benchmarks/README.md.
#
#   benchmarks/run_load.sh [--db hearth_bench_large] [--users 50] [--spawn-rate 5] [--run-time 5m]
#                          [--workers 3] [--out DIR] [--charge-after 60] [--import-after 120]
#                          [--class HousingWorker ...]   (only these user classes of the locustfile)
#
# Bounded on purpose: at most 200 users and 30 minutes, and everything listens on 127.0.0.1 only.
# The database must already hold a demo (seed_demo --scale N [--years Y] --force): the run posts
# payments, visits and checks into it, and next week's charges, so use a bench database, not a real one.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
GUNICORN=${GUNICORN:-$(dirname "$PYTHON")/gunicorn}
PG=${PG_URL:-postgres://postgres@127.0.0.1:5432}
DB=hearth_bench_large USERS=50 SPAWN_RATE=5 RUN_TIME=5m WORKERS=3 OUT="" CHARGE_AFTER=60 IMPORT_AFTER=120 CLASSES=()

while [ $# -gt 0 ]; do
  case "$1" in
    --db) DB=$2; shift 2 ;;
    --users) USERS=$2; shift 2 ;;
    --spawn-rate) SPAWN_RATE=$2; shift 2 ;;
    --run-time) RUN_TIME=$2; shift 2 ;;
    --workers) WORKERS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --charge-after) CHARGE_AFTER=$2; shift 2 ;;
    --import-after) IMPORT_AFTER=$2; shift 2 ;;
    --class) CLASSES+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "Unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

fail() { echo "run_load: $*" >&2; exit 1; }

# Run time as locust takes it (300, 300s, 5m, 1h, 1m30s), in seconds, to bound it.
seconds=0 rest=$RUN_TIME
[[ $rest =~ ^[0-9]+$ ]] && rest="${rest}s"
while [[ $rest =~ ^([0-9]+)([hms])(.*)$ ]]; do
  n=${BASH_REMATCH[1]} unit=${BASH_REMATCH[2]} rest=${BASH_REMATCH[3]}
  case $unit in h) seconds=$((seconds + n * 3600)) ;; m) seconds=$((seconds + n * 60)) ;; s) seconds=$((seconds + n)) ;; esac
done
[ -z "$rest" ] && [ "$seconds" -gt 0 ] || fail "--run-time must look like 5m, 90s or 1m30s, not $RUN_TIME."
[[ $USERS =~ ^[0-9]+$ ]] && [ "$USERS" -ge 1 ] && [ "$USERS" -le 200 ] || fail "--users must be 1 to 200 (got $USERS)."
[ "$seconds" -le 1800 ] || fail "--run-time must be at most 30 minutes (got $RUN_TIME)."
[[ $WORKERS =~ ^[0-9]+$ ]] && [ "$WORKERS" -ge 1 ] && [ "$WORKERS" -le 8 ] || fail "--workers must be 1 to 8."
[[ $SPAWN_RATE =~ ^[0-9]+$ ]] && [ "$SPAWN_RATE" -ge 1 ] || fail "--spawn-rate must be a whole number."

LOCUST=${LOCUST:-}
if [ -z "$LOCUST" ]; then
  for candidate in "$(dirname "$PYTHON")/locust" "$(command -v locust || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && LOCUST=$candidate && break
  done
fi
[ -n "$LOCUST" ] || fail "locust is not installed: pip install -e '.[load]' (or set LOCUST=/path/to/locust)."

OUT=${OUT:-$ROOT/build/load-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"

# Production settings on plain HTTP on loopback: DEBUG off, no HTTPS redirect or secure-only cookies
# (there is no TLS on 127.0.0.1), static files from the app folders, no email, tasks in-process.
export DATABASE_URL="$PG/$DB"
export DEBUG=false
export SECRET_KEY="hearth-load-test-$(date +%s)-not-a-secret-0123456789abcdef"
export ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false SECURE_COOKIES=false SECURE_HSTS_SECONDS=0
export STATICFILES_STORAGE=django.contrib.staticfiles.storage.StaticFilesStorage
export EMAIL_URL=dummymail:// CELERY_BROKER_URL="" REDIS_URL="" LOG_LEVEL=WARNING
export PYTHONWARNINGS="ignore:No directory at"  # whitenoise: no collectstatic folder, static is not under test
manage() { "$PYTHON" "$ROOT/manage.py" "$@"; }

scale=$(manage shell --no-imports -c "
from accounts.models import User
print(User.objects.filter(email__startswith='housing.worker.').count() + 1 if User.objects.filter(email='manager@example.org').exists() else 0)
" 2>/dev/null) || fail "cannot read $DB: is it migrated? ($DATABASE_URL)"
[ "$scale" -gt 0 ] || fail "$DB holds no demo: DATABASE_URL=$DATABASE_URL $PYTHON manage.py seed_demo --scale 10 --force"
export HEARTH_LOAD_SCALE=$scale

port=$("$PYTHON" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
host="http://127.0.0.1:$port"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "Load test: $USERS users (spawn $SPAWN_RATE/s) for $RUN_TIME on $DB (demo scale $scale), gunicorn $WORKERS workers at $host"
echo "Output: $OUT"
"$GUNICORN" config.wsgi:application --chdir "$ROOT" --bind "127.0.0.1:$port" --workers "$WORKERS" \
  --timeout 120 --error-logfile "$OUT/gunicorn.log" --log-level warning &
pids+=($!)
for _ in $(seq 60); do
  curl -fsS -o /dev/null "$host/accounts/login/" 2>/dev/null && break
  sleep 1
done
curl -fsS -o /dev/null "$host/accounts/login/" || fail "gunicorn did not answer on $host (see $OUT/gunicorn.log)."

# The Nth load run on this database posts the charges of the Nth rent week ahead, and an HB schedule for
# the Nth four weeks ahead from the demo's awarded claims at their awards, so each run posts new charges
# and credits into accounts being paid into at the same time, and a rerun is not a duplicate file.
run=$(manage shell --no-imports -c "
from datetime import timedelta
from django.utils import timezone
from rents.models import ImportRow
today = timezone.localdate()
ahead = ImportRow.objects.filter(batch__kind='hb_schedule', period_from__gte=today + timedelta(days=7 - today.weekday()))
print(ahead.values('batch').distinct().count())
")
hb_file="$OUT/load-hb-$((run + 1)).csv"
charge_week=$(manage shell --no-imports -c "
import csv
from datetime import timedelta
from django.utils import timezone
from rents.models import HousingBenefitClaim
from rents.services import hb
today = timezone.localdate()
monday = today + timedelta(days=7 - today.weekday())
start = monday + timedelta(days=28 * $run)
end = start + timedelta(days=27)
with open('$hb_file', 'w', newline='') as file:
    out = csv.writer(file)
    out.writerow(['claim_reference', 'resident_name', 'period_from', 'period_to', 'amount'])
    for claim in HousingBenefitClaim.objects.filter(status='awarded').select_related('account').order_by('pk')[:500]:
        amount = hb.expected_for_period(claim, start, end)
        if amount > 0:
            out.writerow([claim.claim_reference, claim.account.name.split(',')[0], start, end, amount])
print(monday + timedelta(days=7 * $run))
")

"$LOCUST" -f "$ROOT/benchmarks/locustfile.py" --headless --host "$host" --users "$USERS" \
  --spawn-rate "$SPAWN_RATE" --run-time "$RUN_TIME" --stop-timeout 15 --csv "$OUT/load" \
  --html "$OUT/load.html" --only-summary --loglevel WARNING ${CLASSES[@]+"${CLASSES[@]}"} > "$OUT/locust.log" 2>&1 &
locust_pid=$!
pids+=($locust_pid)

status=0
(
  sleep "$CHARGE_AFTER"
  echo "[$(date -u +%T)] charge run up to the week of $charge_week during the load"
  started=$SECONDS
  "$PYTHON" "$ROOT/manage.py" post_rent_charges --week-commencing "$charge_week"
  echo "  charge run took $((SECONDS - started)) s"
) > "$OUT/charge_run.log" 2>&1 &
charge_pid=$!
(
  sleep "$IMPORT_AFTER"
  echo "[$(date -u +%T)] HB schedule import ($(($(wc -l < "$hb_file") - 1)) rows) during the load"
  started=$SECONDS
  "$PYTHON" "$ROOT/manage.py" import_hb_schedule "$hb_file"
  echo "  import took $((SECONDS - started)) s"
) > "$OUT/hb_import.log" 2>&1 &
import_pid=$!

wait "$charge_pid" || { echo "The charge run failed:"; status=1; }
cat "$OUT/charge_run.log"
wait "$import_pid" || { echo "The HB import failed:"; status=1; }
cat "$OUT/hb_import.log"
wait "$locust_pid" || true
cleanup
trap - EXIT

echo "Balances after the run:"
manage check_rent_balances 2>&1 | tee "$OUT/check_rent_balances.log" || status=1
grep -iE "deadlock|error|traceback" "$OUT/gunicorn.log" > "$OUT/server_errors.log" || true
[ -s "$OUT/server_errors.log" ] && { echo "Server errors (see $OUT/gunicorn.log):"; head -20 "$OUT/server_errors.log"; status=1; }

"$PYTHON" "$ROOT/benchmarks/summarise_load.py" "$OUT/load_stats.csv" "$OUT/load_failures.csv" | tee "$OUT/summary.md" || status=1
exit $status
