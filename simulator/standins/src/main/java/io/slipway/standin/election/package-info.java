/** Leader election with a coordination.k8s.io Lease, with client-go's timing rules. */
package io.slipway.standin.election;
