/** Reading scenario files, every problem with its file, line, column and key. */
package io.slipway.scenarios.load;
