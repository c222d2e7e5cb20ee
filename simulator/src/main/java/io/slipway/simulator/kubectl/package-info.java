/** The real kubectl as scenarios and tests use it to look at a cluster from outside. */
package io.slipway.simulator.kubectl;
