#!/bin/sh
# Validates GET /api/openapi.json with openapi-spec-validator (PyPI):
# serves the bundled samples on a free port, fetches the description and
# checks it against the OpenAPI 3.1 schema.
#   scripts/check_openapi.sh [path/to/herald]
set -eu
HERALD=${1:-target/release/herald}
command -v openapi-spec-validator >/dev/null || pip install -q openapi-spec-validator
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
"$HERALD" --db "$dir/h.db" ingest -q samples/html samples/text samples/wire.jsonl || [ $? -eq 1 ]
port=$((20000 + $$ % 20000))
"$HERALD" --db "$dir/h.db" serve --addr "127.0.0.1:$port" -q &
pid=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -sf "http://127.0.0.1:$port/api/openapi.json" -o "$dir/openapi.json" && break
    sleep 1
done
openapi-spec-validator "$dir/openapi.json"
