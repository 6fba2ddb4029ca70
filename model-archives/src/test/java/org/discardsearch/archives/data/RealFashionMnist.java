package org.discardsearch.archives.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The installed dataset, loaded once per test JVM for the test classes that need it. CI installs the Debian
 * package; when it is missing, the tests fail with the loader's message, which says how to install it.
 */
final class RealFashionMnist {

    private static FashionMnist data;

    private RealFashionMnist() {}

    static synchronized FashionMnist get() {
        if (data == null) {
            try {
                data = FashionMnist.load();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }
}
