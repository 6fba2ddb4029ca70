package org.discardsearch.layer;

import ai.djl.MalformedModelException;

/**
 * The check every block of ours makes when its parameters are loaded: the format version written in the file
 * must be the one this build writes. A parameter file is positional, so reordering children changes the
 * format and bumps the version (STYLE §2.5).
 */
public final class BlockFormat {

    private BlockFormat() {}

    /**
     * Fails unless the version read from a parameter file is the expected one.
     *
     * @param block the block's class, for the message
     * @param found the version read
     * @param expected the version this build writes
     * @throws MalformedModelException naming the block, the version found and the one expected
     */
    public static void checkVersion(Class<?> block, byte found, byte expected) throws MalformedModelException {
        if (found != expected) {
            throw new MalformedModelException("Unsupported " + block.getSimpleName() + " parameter format: version = '"
                    + found + "'; this build reads version " + expected);
        }
    }
}
