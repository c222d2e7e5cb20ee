/**
 * Stand-ins for the Kubernetes components that cannot be had on our machines. They take the
 * real components' flags, listen on their ports, keep state in real etcd, and are checked
 * with real clients (kubectl, fabric8).
 */
package io.slipway.standin;
