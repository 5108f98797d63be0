/**
 * What ends the server process: {@link dev.quire.server.fatal.FatalErrors}, for errors the
 * server cannot survive (out of memory, an essential thread's death).
 */
package dev.quire.server.fatal;
