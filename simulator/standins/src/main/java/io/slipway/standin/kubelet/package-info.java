/** The stand-in kubelet: node registration, allocatable arithmetic, heartbeats, pods. */
package io.slipway.standin.kubelet;
