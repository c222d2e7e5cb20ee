/** Checkers: pure judgements of properties over recorded samples. */
package io.slipway.scenarios.check;
