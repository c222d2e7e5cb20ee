/**
 * The history format of a rehearsal run ({@code history.jsonl}): typed entries, the contract
 * between the runner that writes them and the reports that read them back.
 */
package io.slipway.reports.history;
