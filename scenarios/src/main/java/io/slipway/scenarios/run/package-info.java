/** Running a scenario: the fleet, the steps, the probes, the checks and the run folder. */
package io.slipway.scenarios.run;
