/** Builds the base, node, registry, component and load-balancer images from this module's Dockerfiles. */
package io.slipway.simulator.image;
