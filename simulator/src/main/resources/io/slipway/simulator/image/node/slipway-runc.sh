#!/bin/bash
# runc, minus the capabilities this node cannot grant. A fake node runs without CAP_SYS_RESOURCE
# (our hosts do not grant it; see docs/fleet.md), so a privileged container, which asks for every
# capability, would fail with "unable to apply caps". The node's dockerd uses this as its default
# runtime: it drops from the container's OCI spec every capability outside the node's bounding
# set, then hands over to runc. Containers that ask for less are unchanged.
set -euo pipefail
bundle=""
previous=""
for arg in "$@"; do
  if [ "$previous" = "--bundle" ] || [ "$previous" = "-b" ]; then bundle="$arg"; fi
  previous="$arg"
done
if [ -n "$bundle" ] && [ -f "$bundle/config.json" ]; then
  allowed=$(capsh --decode="$(awk '/^CapBnd/ {print $2}' /proc/self/status)" | sed 's/^.*=//' \
    | tr '[:lower:]' '[:upper:]' | tr ',' '\n' | jq -R . | jq -s .)
  jq --argjson allowed "$allowed" \
    'if .process.capabilities then .process.capabilities |= with_entries(.value |= map(select(. as $c | $allowed | index($c)))) else . end' \
    "$bundle/config.json" > "$bundle/config.json.slipway" && mv "$bundle/config.json.slipway" "$bundle/config.json"
fi
exec runc "$@"
