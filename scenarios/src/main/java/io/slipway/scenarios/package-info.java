/** Scenario files, the scenario runner, and the assembled {@code slipway} command line. */
package io.slipway.scenarios;
