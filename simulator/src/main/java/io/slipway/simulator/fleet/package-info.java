/**
 * Fleets of fake nodes: each node is a container running sshd and its own dockerd, on one
 * fleet network, beside a registry that holds the component images the nodes pull.
 */
package io.slipway.simulator.fleet;
