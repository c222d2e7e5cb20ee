/** The stand-in kube-scheduler: binds pending pods to nodes with room for their requests. */
package io.slipway.standin.scheduler;
