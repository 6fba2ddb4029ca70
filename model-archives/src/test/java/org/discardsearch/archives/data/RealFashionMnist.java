package org.discardsearch.archives.data;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The installed dataset, loaded once per test JVM for the test classes that need it, in this package and in the
 * train package. CI installs the Debian package; when it is missing, the tests fail with the loader's message,
 * which says how to install it.
 */
public final class RealFashionMnist {

    private static FashionMnist data;

    private RealFashionMnist() {}

    /**
     * Returns the installed dataset, loading it on the first call.
     *
     * @return the dataset
     */
    public static synchronized FashionMnist get() {
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
