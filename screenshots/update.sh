#!/usr/bin/env bash
# Copy the README's screenshots from the snapshot tests (run `pytest tests/app --snapshot-update`
# first when a screen changed on purpose, and look at the SVGs before committing).
set -euo pipefail
cd "$(dirname "$0")/.."
S=tests/app/__snapshots__
cp "$S/test_snapshots/test_linodes_list[size1].svg" screenshots/linodes-120x40.svg
cp "$S/test_snapshots/test_linodes_list[size0].svg" screenshots/linodes-80x24.svg
cp "$S/test_snapshots/test_linode_detail[size1].svg" screenshots/detail-120x40.svg
cp "$S/test_snapshots/test_status_panel_in_flight[size1].svg" screenshots/events-in-flight-120x40.svg
cp "$S/test_snapshots/test_confirm_type_label[size1].svg" screenshots/type-to-confirm-120x40.svg
cp "$S/test_snapshots/test_confirm_plain[size0].svg" screenshots/confirm-80x24.svg
cp "$S/test_snapshots/test_welcome[size1].svg" screenshots/welcome-120x40.svg
cp "$S/test_snapshots/test_error_state[size0].svg" screenshots/error-80x24.svg
cp "$S/test_dashboard/test_dashboard_snapshot[size1].svg" screenshots/dashboard-120x40.svg
cp "$S/test_dashboard/test_dashboard_snapshot[size0].svg" screenshots/dashboard-80x24.svg
cp "$S/test_stats/test_stats_snapshot[size1].svg" screenshots/stats-120x40.svg
cp "$S/test_stats/test_stats_snapshot_16_colours.svg" screenshots/stats-80x24-16-colours.svg
cp "$S/test_stats/test_nodebalancer_stats_snapshot.svg" screenshots/nodebalancer-stats-120x40.svg
echo "screenshots/ updated from the snapshot tests"
