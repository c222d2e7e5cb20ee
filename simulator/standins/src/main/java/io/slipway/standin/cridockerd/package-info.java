/** The stand-in of cri-dockerd, the runtime endpoint RKE starts beside the kubelet from Kubernetes 1.24. */
package io.slipway.standin.cridockerd;
