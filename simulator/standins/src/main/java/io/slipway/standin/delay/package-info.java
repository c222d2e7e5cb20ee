/** A TCP proxy that holds what passes through it for a while: the testbed's network delay. */
package io.slipway.standin.delay;
