/** Reports a person reads at a glance, rendered from a rehearsal's run folder. */
package io.slipway.reports;
