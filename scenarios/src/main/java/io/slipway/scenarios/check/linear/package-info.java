/**
 * Linearizability of a compare-and-set register history: a Wing &amp; Gong search with Lowe's
 * memoization, bounded in work, and the shortest window of a history it cannot linearize.
 */
package io.slipway.scenarios.check.linear;
