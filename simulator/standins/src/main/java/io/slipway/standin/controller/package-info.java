/** The stand-in kube-controller-manager: leader election and the node lifecycle controller. */
package io.slipway.standin.controller;
